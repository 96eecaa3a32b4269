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
}
