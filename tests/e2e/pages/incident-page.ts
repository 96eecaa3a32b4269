import { expect, type Page } from '@playwright/test';

export class IncidentPage {
	constructor(readonly page: Page) {}

	async open(id: string) {
		await this.page.goto(`/incidents/${id}`);
		await expect(this.page.getByTestId('connection')).toHaveAttribute('data-state', 'online');
	}

	title() {
		return this.page.getByTestId('title');
	}

	async startEdit() {
		await this.page.getByTestId('edit').click();
	}

	async setTitle(title: string) {
		await this.page.getByTestId('edit-title').fill(title);
	}

	async save() {
		await this.page.getByTestId('save').click();
	}

	timelineEntry(type: string) {
		return this.page.getByTestId('timeline').locator(`li[data-type="${type}"]`);
	}

	/** The customer's row, or its card on a phone. */
	customerRow(name: string) {
		return this.page.locator('[data-testid="customer-row"], [data-testid="customer-card"]').filter({ hasText: name });
	}

	deadlineStatus(name: string) {
		return this.customerRow(name).getByTestId('deadline-status');
	}

	/** Records a reached contact with the checklist ticked. */
	async recordContact(name: string, checklist: { apologized?: boolean; explained?: boolean; need?: string } = {}) {
		await this.customerRow(name).getByTestId('contact-open').click();
		const form = this.page.getByTestId('contact-form');
		if (checklist.apologized ?? true) await form.getByTestId('contact-apologized').check();
		if (checklist.explained ?? true) await form.getByTestId('contact-explained').check();
		if (checklist.need) {
			await form.getByTestId('contact-needAsked').check();
			await form.getByTestId('contact-need').selectOption(checklist.need);
		}
		await form.getByTestId('contact-save').click();
		await expect(form).toBeHidden();
	}

	/** Picks the file, checks the preview, uploads. */
	async importCsv(file: string, rows?: number) {
		await this.page.getByTestId('import-csv').setInputFiles(file);
		const preview = this.page.getByTestId('import-preview');
		if (rows !== undefined) await expect(preview).toContainText(String(rows));
		await preview.getByTestId('import-upload').click();
	}
}
