// Masking of customer personal data, shown everywhere by default (138****5678).

export function maskPhone(phone: string): string {
	const digits = Array.from(phone.replace(/\s+/g, ''));
	if (digits.length <= 4) return '*'.repeat(digits.length);
	if (digits.length < 8) return `${digits.slice(0, 1).join('')}${'*'.repeat(digits.length - 3)}${digits.slice(-2).join('')}`;
	return `${digits.slice(0, 3).join('')}****${digits.slice(-4).join('')}`;
}

export function maskEmail(email: string): string {
	const at = email.lastIndexOf('@');
	if (at < 1) return '***';
	// by code point, so a character outside the BMP is never cut in half (an unpaired surrogate cannot be stored)
	return `${Array.from(email.slice(0, at))[0]}***@${email.slice(at + 1)}`;
}

export function maskOrderNo(orderNo: string): string {
	const chars = Array.from(orderNo);
	if (chars.length <= 4) return '****';
	return `${chars.slice(0, 2).join('')}****${chars.slice(-4).join('')}`;
}

/**
 * A customer's name for documents that leave the app (the archive): the family name or each
 * word's initial kept, the rest starred (任秀兰 → 任**, Alice Wang → A*** W***). Latin words get
 * a fixed three stars so the length is not given away.
 */
export function maskName(name: string): string {
	const words = name.trim().split(/\s+/).filter(Boolean);
	if (words.length === 0) return '';
	if (words.length === 1 && /^[\u3400-\u9fff\uf900-\ufaff]/.test(words[0])) {
		const chars = Array.from(words[0]);
		return chars[0] + '*'.repeat(Math.max(chars.length - 1, 1));
	}
	return words.map((w) => `${Array.from(w)[0]}***`).join(' ');
}
