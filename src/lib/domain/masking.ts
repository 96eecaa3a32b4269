// Masking of customer personal data, shown everywhere by default (138****5678).

export function maskPhone(phone: string): string {
	const digits = phone.replace(/\s+/g, '');
	if (digits.length <= 4) return '*'.repeat(digits.length);
	if (digits.length < 8) return `${digits.slice(0, 1)}${'*'.repeat(digits.length - 3)}${digits.slice(-2)}`;
	return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
}

export function maskEmail(email: string): string {
	const at = email.lastIndexOf('@');
	if (at < 1) return '***';
	const local = email.slice(0, at);
	return `${local.slice(0, 1)}***@${email.slice(at + 1)}`;
}

export function maskOrderNo(orderNo: string): string {
	if (orderNo.length <= 4) return '****';
	return `${orderNo.slice(0, 2)}****${orderNo.slice(-4)}`;
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
