// Evidence is accepted by its content: the first bytes of real files of each accepted format,
// and look-alikes (still images in the same container, audio, Matroska, text with a video name) refused.
import { describe, it, expect } from 'vitest';
import { EVIDENCE_TYPES, TYPE_NAMES, downloadName, evidenceKind, extensionFor, sniffContentType } from '$lib/domain/evidence';

const hex = (s: string) =>
	Uint8Array.from(
		s
			.trim()
			.split(/\s+/)
			.map((b) => parseInt(b, 16))
	);
const cat = (...parts: Uint8Array[]) => {
	const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
	let at = 0;
	for (const p of parts) {
		out.set(p, at);
		at += p.length;
	}
	return out;
};
const text = (s: string) => new TextEncoder().encode(s);
/** A `free` box and the start of a `moov` box, as an encoder writes after `ftyp`. */
const AFTER_FTYP = hex('00 00 00 08 66 72 65 65 00 00 00 6c 6d 6f 6f 76 00 00 00 6c 6d 76 68 64');

// ffmpeg -f lavfi -i testsrc -t 1 out.mp4: ftyp isom, minor 0x200, compatible isom iso2 avc1 mp41
const MP4 = cat(hex('00 00 00 20 66 74 79 70 69 73 6f 6d 00 00 02 00 69 73 6f 6d 69 73 6f 32 61 76 63 31 6d 70 34 31'), AFTER_FTYP);
// a phone camera's MP4: ftyp mp42, compatible isom mp42
const MP4_PHONE = cat(hex('00 00 00 18 66 74 79 70 6d 70 34 32 00 00 00 00 69 73 6f 6d 6d 70 34 32'), AFTER_FTYP);
// an iPhone .mov: ftyp "qt  ", then a `wide` atom
const MOV = cat(hex('00 00 00 14 66 74 79 70 71 74 20 20 00 00 00 00 71 74 20 20 00 00 00 08 77 69 64 65'), AFTER_FTYP);
// an older QuickTime file with no ftyp: it starts with its `moov` atom (size 0x6c fits the file)
const MOV_MOOV_FIRST = cat(hex('00 00 00 6c 6d 6f 6f 76 00 00 00 64 6d 76 68 64'), new Uint8Array(0x6c - 16));
// ffmpeg's WebM EBML header: EBMLVersion 1, ReadVersion 1, MaxIDLength 4, MaxSizeLength 8, DocType "webm", DocTypeVersion 4, DocTypeReadVersion 2
const WEBM = cat(hex('1a 45 df a3 9f 42 86 81 01 42 f7 81 01 42 f2 81 04 42 f3 81 08 42 82 84 77 65 62 6d 42 87 81 04 42 85 81 02'), hex('18 53 80 67 01 00 00 00 00 00 00 10'));

describe('evidence by content', () => {
	it('accepts MP4 by its ftyp box with a video brand', () => {
		expect(sniffContentType(MP4)).toBe('video/mp4');
		expect(sniffContentType(MP4_PHONE)).toBe('video/mp4');
	});

	it('accepts QuickTime by ftyp "qt  " or a leading moov/mdat/wide/free atom', () => {
		expect(sniffContentType(MOV)).toBe('video/quicktime');
		expect(sniffContentType(MOV_MOOV_FIRST)).toBe('video/quicktime');
		expect(sniffContentType(cat(hex('00 00 00 08 77 69 64 65 00 00 00 00 6d 64 61 74'), new Uint8Array(8)))).toBe('video/quicktime');
		expect(sniffContentType(hex('00 00 00 00 6d 64 61 74 01 02 03 04'))).toBe('video/quicktime'); // mdat to the end of the file
	});

	it('accepts WebM by its EBML header with DocType webm', () => {
		expect(sniffContentType(WEBM)).toBe('video/webm');
	});

	it('still accepts JPEG, PNG and PDF', () => {
		expect(sniffContentType(hex('ff d8 ff e0 00 10 4a 46 49 46'))).toBe('image/jpeg');
		expect(sniffContentType(hex('89 50 4e 47 0d 0a 1a 0a 00 00 00 0d'))).toBe('image/png');
		expect(sniffContentType(text('%PDF-1.7\n'))).toBe('application/pdf');
	});

	it('refuses HEIC and AVIF pictures, though they share the MP4 container', () => {
		const heic = hex('00 00 00 18 66 74 79 70 68 65 69 63 00 00 00 00 6d 69 66 31 68 65 69 63');
		const avif = hex('00 00 00 1c 66 74 79 70 61 76 69 66 00 00 00 00 61 76 69 66 6d 69 66 31 6d 69 61 66');
		const mif1 = hex('00 00 00 18 66 74 79 70 6d 69 66 31 00 00 00 00 6d 69 66 31 68 65 69 63');
		// a video brand in front, an image brand among the compatible ones: an image sequence, not accepted
		const isomHeif = hex('00 00 00 18 66 74 79 70 69 73 6f 6d 00 00 00 00 6d 73 66 31 68 65 76 63');
		for (const b of [heic, avif, mif1, isomHeif]) expect(sniffContentType(cat(b, AFTER_FTYP))).toBeNull();
	});

	it('refuses look-alikes: M4A audio, Matroska, a broken ftyp, HTML and text named .mp4', () => {
		const m4a = hex('00 00 00 1c 66 74 79 70 4d 34 41 20 00 00 00 00 4d 34 41 20 6d 70 34 32 69 73 6f 6d');
		expect(sniffContentType(cat(m4a, AFTER_FTYP))).toBeNull();
		const mkv = hex('1a 45 df a3 a3 42 86 81 01 42 f7 81 01 42 f2 81 04 42 f3 81 08 42 82 88 6d 61 74 72 6f 73 6b 61 42 87 81 04 42 85 81 02');
		expect(sniffContentType(mkv)).toBeNull();
		expect(sniffContentType(hex('1a 45 df a3 9f 42 86 81 01'))).toBeNull(); // EBML cut short, no DocType
		expect(sniffContentType(hex('00 00 10 00 66 74 79 70 69 73 6f 6d 00 00 02 00'))).toBeNull(); // ftyp longer than the file
		expect(sniffContentType(hex('00 00 00 0c 66 74 79 70 69 73 6f 6d'))).toBeNull(); // ftyp with no room for its brands
		expect(sniffContentType(text('<!DOCTYPE html><html><body>moov</body></html>'))).toBeNull();
		expect(sniffContentType(text('<html><script>alert(1)</script></html>'))).toBeNull();
		expect(sniffContentType(text('000 free gifts, ftypisom, mdat'))).toBeNull();
		expect(sniffContentType(text('abcdftypisom'))).toBeNull();
		expect(sniffContentType(hex('00 00 00 08 6d 6f 6f'))).toBeNull(); // shorter than one atom header
		expect(sniffContentType(new Uint8Array(0))).toBeNull();
	});

	it('names the kind and the extension of each type', () => {
		expect(evidenceKind('video/webm')).toBe('video');
		expect(evidenceKind('application/pdf')).toBe('document');
		expect(evidenceKind('image/png')).toBe('photo');
		expect(extensionFor('video/quicktime')).toBe('mov');
		expect(extensionFor('video/mp4')).toBe('mp4');
		expect(extensionFor('video/webm')).toBe('webm');
	});

	it("names a download by its detected type, never by the uploader's extension", () => {
		const id = '0a1b2c3d-0000-4000-8000-000000000000';
		expect(downloadName('evil.html', 'image/jpeg', id)).toBe('evil.jpg');
		expect(downloadName('invoice.pdf.exe', 'application/pdf', id)).toBe('invoice_pdf.pdf');
		expect(downloadName('IMG_0420.MOV', 'video/quicktime', id)).toBe('IMG_0420.mov');
		expect(downloadName('任秀兰-照片.png', 'image/png', id)).toBe('任秀兰-照片.png');
		expect(downloadName('<svg onload=x>.jpg', 'image/jpeg', id)).toBe('svg onload_x.jpg');
		expect(downloadName('photo', 'image/jpeg', id)).toBe('photo.jpg');
		expect(downloadName('.htaccess', 'image/png', id)).toBe('evidence-0a1b2c3d.png');
		expect(downloadName('', 'video/webm', id)).toBe('evidence-0a1b2c3d.webm');
		expect(downloadName(null, 'video/mp4', id)).toBe('evidence-0a1b2c3d.mp4');
	});

	it('says what each type is in both languages', () => {
		for (const t of EVIDENCE_TYPES) expect(TYPE_NAMES[t].zh).toMatch(/^[A-Za-z0-9]+ (图片|文档|视频)$/);
		expect(TYPE_NAMES['image/jpeg']).toEqual({ en: 'JPEG image', zh: 'JPEG 图片' });
	});
});
