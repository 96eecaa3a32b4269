import { test, expect } from './fixtures';
import { DashboardPage } from './pages/dashboard-page';

test('the language switch turns the UI to Chinese and back, and the choice survives a reload', async ({ browser, signedIn }) => {
	const page = await signedIn(browser, 'lead', 'en');
	const dash = new DashboardPage(page);
	await dash.open();
	await expect(page.getByRole('heading', { level: 1 })).toContainText('Open incidents');
	await expect(page.getByTestId('declare-button')).toHaveText('Declare incident');
	await page.getByTestId('language-switch').click();
	await expect(page.getByRole('heading', { level: 1 })).toContainText('处理中的应急事件');
	await expect(page.getByTestId('declare-button')).toHaveText('发起应急事件');
	await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
	await page.reload();
	await expect(page.getByTestId('declare-button')).toHaveText('发起应急事件');
	await expect(page.getByTestId('connection')).toHaveText(/实时/);
	await page.getByTestId('language-switch').click();
	await expect(page.getByTestId('declare-button')).toHaveText('Declare incident');
});
