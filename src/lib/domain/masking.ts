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
