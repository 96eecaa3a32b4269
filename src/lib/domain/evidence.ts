// Evidence files (证据材料): which files are accepted, decided by their content. Pure.

export const EVIDENCE_MAX_BYTES = 20 * 1024 * 1024;
export const EVIDENCE_TYPES = ['image/jpeg', 'image/png', 'application/pdf'] as const;
export type EvidenceType = (typeof EVIDENCE_TYPES)[number];

const SIGNATURES: { type: EvidenceType; bytes: number[] }[] = [
	{ type: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
	{ type: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
	{ type: 'application/pdf', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] } // %PDF-
];

/** The file's real type from its first bytes, whatever its name or declared type says; null when not accepted. */
export function sniffContentType(bytes: Uint8Array): EvidenceType | null {
	for (const s of SIGNATURES) if (s.bytes.length <= bytes.length && s.bytes.every((b, i) => bytes[i] === b)) return s.type;
	return null;
}

/** A file name safe to store and to send back in Content-Disposition: no path, no control characters. */
export function sanitizeFileName(name: string | null | undefined): string {
	const base = (name ?? '').split(/[\\/]/).pop() ?? '';
	return (
		base
			// eslint-disable-next-line no-control-regex -- control characters are what is removed
			.replace(/[\u0000-\u001f\u007f"<>|:*?]/g, '')
			.trim()
			.slice(0, 200)
	);
}

export function extensionFor(type: EvidenceType): string {
	return type === 'image/jpeg' ? 'jpg' : type === 'image/png' ? 'png' : 'pdf';
}
