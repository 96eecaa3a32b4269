import { expect, type Page } from '@playwright/test';

export class DashboardPage {
	constructor(readonly page: Page) {}

	async open() {
		await this.page.goto('/');
		await expect(this.page.getByTestId('connection')).toHaveAttribute('data-state', 'online');
	}

	card(title: string) {
		return this.page.getByTestId('incident-card').filter({ hasText: title });
	}

	async declare(input: { title: string; category?: string; estimated?: number; description?: string }) {
		await this.page.getByTestId('declare-button').click();
		const form = this.page.getByTestId('declare-form');
		await form.locator('input[name=title]').fill(input.title);
		if (input.category) await form.locator('select[name=category]').selectOption(input.category);
		if (input.estimated !== undefined) await form.locator('input[name=estimated]').fill(String(input.estimated));
		if (input.description) await form.locator('textarea[name=description]').fill(input.description);
		await form.locator('button[type=submit]').click();
		// the lead who declared lands on the new incident's page
		await expect(this.page).toHaveURL(/\/incidents\/[0-9a-f-]{36}$/);
		await expect(this.page.getByTestId('title')).toHaveText(input.title);
		return this.page.url().split('/').pop()!;
	}
}
