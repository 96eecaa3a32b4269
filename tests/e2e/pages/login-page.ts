import { expect, type Page } from '@playwright/test';

export class LoginPage {
	constructor(private page: Page) {}

	async signIn(email: string, password: string) {
		await this.page.goto('/login');
		await this.page.locator('input[name=email]').fill(email);
		await this.page.locator('input[name=password]').fill(password);
		await this.page.locator('button[type=submit]').click();
		// attached, not visible: on a narrow screen the account sits in the folded menu
		await expect(this.page.getByTestId('current-user')).toBeAttached();
	}
}
