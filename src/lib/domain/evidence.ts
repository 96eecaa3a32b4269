// Evidence files (证据材料): which files are accepted, decided by their content. Pure.
// The guide names photos, videos and chat records (照片、视频、聊天记录): photos as JPEG or PNG,
// chat records as PDF (or screenshots), videos as MP4, QuickTime (MOV) or WebM.

export const EVIDENCE_MAX_BYTES = 20 * 1024 * 1024;
export const EVIDENCE_TYPES = ['image/jpeg', 'image/png', 'application/pdf', 'video/mp4', 'video/quicktime', 'video/webm'] as const;
export type EvidenceType = (typeof EVIDENCE_TYPES)[number];
export const VIDEO_TYPES = ['video/mp4', 'video/quicktime', 'video/webm'] as const satisfies readonly EvidenceType[];

/** What the UI shows a file as. */
export type EvidenceKind = 'photo' | 'document' | 'video';
export function evidenceKind(type: string): EvidenceKind {
	return type.startsWith('video/') ? 'video' : type === 'application/pdf' ? 'document' : 'photo';
}

const SIGNATURES: { type: EvidenceType; bytes: number[] }[] = [
	{ type: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
	{ type: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
	{ type: 'application/pdf', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] } // %PDF-
];

const ascii = (bytes: Uint8Array, from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));
const u32 = (bytes: Uint8Array, at: number) => ((bytes[at] << 24) >>> 0) + (bytes[at + 1] << 16) + (bytes[at + 2] << 8) + bytes[at + 3];

/** ISO base media (ISO/IEC 14496-12) brands of MP4 video: the ISO family, MPEG-4 and AVC, DASH, Apple's M4V, 3GPP. */
const MP4_VIDEO_BRANDS = new Set([
	'isom',
	'iso2',
	'iso3',
	'iso4',
	'iso5',
	'iso6',
	'iso7',
	'iso8',
	'iso9',
	'mp41',
	'mp42',
	'mp71',
	'avc1',
	'dash',
	'M4V ',
	'M4VH',
	'M4VP',
	'3gp4',
	'3gp5',
	'3gp6',
	'3gp7',
	'3gg6',
	'3g2a',
	'3g2b',
	'3g2c',
	'MSNV',
	'f4v ',
	'mmp4',
	'XAVC'
]);
/** HEIF/HEIC and AVIF still-image brands: ISO base media too, but pictures in a format not accepted here. */
const IMAGE_BRANDS = new Set(['mif1', 'msf1', 'heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'hevm', 'hevs', 'avif', 'avis', 'avio', 'miaf', 'MiHE', 'MiHA', 'MiHB', 'jpeg']);
/** Top-level QuickTime atoms a .mov may start with when it has no `ftyp` (older files). */
const QUICKTIME_LEADING_ATOMS = new Set(['moov', 'mdat', 'wide', 'free', 'skip', 'pnot']);

/** An ISO base media / QuickTime file: its first box, with a size that fits the file. */
function sniffIsoBmff(bytes: Uint8Array): EvidenceType | null {
	if (bytes.length < 8) return null;
	const size = u32(bytes, 0);
	const box = ascii(bytes, 4, 8);
	if (box === 'ftyp') {
		// size, 'ftyp', major brand, minor version, compatible brands (4 bytes each)
		if (size < 16 || size > bytes.length || size % 4 !== 0) return null;
		const major = ascii(bytes, 8, 12);
		const compatible: string[] = [];
		for (let at = 16; at + 4 <= size; at += 4) compatible.push(ascii(bytes, at, at + 4));
		if (IMAGE_BRANDS.has(major) || compatible.some((b) => IMAGE_BRANDS.has(b))) return null;
		if (major === 'qt  ') return 'video/quicktime';
		if (MP4_VIDEO_BRANDS.has(major)) return 'video/mp4';
		return null;
	}
	// size 0 runs to the end of the file, 1 has a 64-bit size after the type; otherwise the atom fits the file
	if (QUICKTIME_LEADING_ATOMS.has(box) && (size === 0 || size === 1 || (size >= 8 && size <= bytes.length))) return 'video/quicktime';
	return null;
}

/** An EBML variable-length integer at `at`: its length in bytes and its value (marker bit cleared unless `keepMarker`). */
function vint(bytes: Uint8Array, at: number, keepMarker = false): { length: number; value: number } | null {
	const first = bytes[at];
	if (first === undefined || first === 0) return null;
	let length = 1;
	while (!(first & (0x80 >> (length - 1)))) length++;
	if (at + length > bytes.length) return null;
	let value = keepMarker ? first : first & (0xff >> length);
	for (let i = 1; i < length; i++) value = value * 256 + bytes[at + i];
	return { length, value };
}

/** A WebM file: an EBML header (1A 45 DF A3) whose DocType element (42 82) says `webm` (not Matroska). */
function sniffWebm(bytes: Uint8Array): EvidenceType | null {
	if (!(bytes[0] === 0x1a && bytes[1] === 0x45 && bytes[2] === 0xdf && bytes[3] === 0xa3)) return null;
	const headerSize = vint(bytes, 4);
	if (!headerSize) return null;
	const start = 4 + headerSize.length;
	const end = Math.min(bytes.length, start + headerSize.value);
	for (let at = start; at < end;) {
		const id = vint(bytes, at, true);
		if (!id || id.length > 4) return null;
		const size = vint(bytes, at + id.length);
		if (!size) return null;
		const data = at + id.length + size.length;
		if (data + size.value > end) return null;
		if (id.value === 0x4282) return ascii(bytes, data, data + size.value).replace(/\0+$/, '') === 'webm' ? 'video/webm' : null;
		at = data + size.value;
	}
	return null;
}

/** The file's real type from its first bytes, whatever its name or declared type says; null when not accepted. */
export function sniffContentType(bytes: Uint8Array): EvidenceType | null {
	for (const s of SIGNATURES) if (s.bytes.length <= bytes.length && s.bytes.every((b, i) => bytes[i] === b)) return s.type;
	return sniffIsoBmff(bytes) ?? sniffWebm(bytes);
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

const EXTENSIONS: Record<EvidenceType, string> = {
	'image/jpeg': 'jpg',
	'image/png': 'png',
	'application/pdf': 'pdf',
	'video/mp4': 'mp4',
	'video/quicktime': 'mov',
	'video/webm': 'webm'
};
export function extensionFor(type: EvidenceType): string {
	return EXTENSIONS[type];
}

/** What a file is, in words, for those who may not see its name (the name often carries the customer's own). */
export const TYPE_NAMES: Record<EvidenceType, { en: string; zh: string }> = {
	'image/jpeg': { en: 'JPEG image', zh: 'JPEG 图片' },
	'image/png': { en: 'PNG image', zh: 'PNG 图片' },
	'application/pdf': { en: 'PDF document', zh: 'PDF 文档' },
	'video/mp4': { en: 'MP4 video', zh: 'MP4 视频' },
	'video/quicktime': { en: 'MOV video', zh: 'MOV 视频' },
	'video/webm': { en: 'WebM video', zh: 'WebM 视频' }
};

/**
 * The name a download is saved under: the uploader's name without its extension (letters, digits,
 * spaces, `-` and `_` only; other characters, dots included, become `_`), then the extension of
 * the type the content was detected as. Never the uploader's extension: `evil.html` holding a
 * JPEG is saved as `evil.jpg`, so opening it locally shows a picture and runs no script.
 */
export function downloadName(fileName: string | null | undefined, type: EvidenceType, id: string): string {
	const stem = sanitizeFileName(fileName)
		.replace(/\.[^.]*$/, '')
		.replace(/[^\p{L}\p{N} _-]/gu, '_')
		.replace(/_+/g, '_')
		.replace(/^[\s_]+|[\s_]+$/g, '')
		.slice(0, 100);
	return `${stem || `evidence-${id.slice(0, 8)}`}.${EXTENSIONS[type]}`;
}
