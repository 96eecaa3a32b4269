import { describe, it, expect } from 'vitest';
import { hashPassword, verifyPassword, newSecret, hashSecret } from '$lib/server/auth/secrets';

describe('passwords and token secrets', () => {
	it('verifies the right password and refuses a wrong one', async () => {
		const stored = await hashPassword('correct horse');
		expect(stored).toMatch(/^scrypt\$16384\$8\$1\$/);
		expect(await verifyPassword('correct horse', stored)).toBe(true);
		expect(await verifyPassword('correct horsE', stored)).toBe(false);
	});
	it('salts every hash', async () => expect(await hashPassword('same')).not.toBe(await hashPassword('same')));
	it('refuses a malformed stored hash', async () => expect(await verifyPassword('x', 'md5$abc')).toBe(false));
	it('makes long random secrets and stores only a hash', () => {
		const a = newSecret('wr');
		expect(a).toMatch(/^wr_[A-Za-z0-9_-]{43}$/);
		expect(newSecret('wr')).not.toBe(a);
		expect(hashSecret(a)).toHaveLength(64);
		expect(hashSecret(a)).not.toContain(a.slice(3));
	});
});
