// Customer personal data (phone, e-mail, order number, evidence files) at rest: AES-256-GCM, authenticated.
// The key comes from WARROOM_SECRET (derived with scrypt) or from a random key file created in
// the data directory with owner-only permissions on first start.
import { createCipheriv, createDecipheriv, createHmac, randomBytes, scryptSync } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ensureDataDir } from './data-dir.js';

const VERSION = 'v1';
/** The key file's name in the data directory (when WARROOM_SECRET is not set). */
export const KEY_FILE = 'personal-data.key';

/** IVs drawn from a pool of random bytes: one getrandom call per 4,096 values, not per value. */
const IV_BYTES = 12;
let ivPool = Buffer.alloc(0);
let ivOffset = 0;
function nextIv(): Buffer {
	if (ivOffset + IV_BYTES > ivPool.length) {
		ivPool = randomBytes(IV_BYTES * 4096);
		ivOffset = 0;
	}
	const iv = ivPool.subarray(ivOffset, ivOffset + IV_BYTES);
	ivOffset += IV_BYTES;
	return iv;
}

export class PersonalDataCipher {
	private constructor(private readonly key: Buffer) {}

	static fromKey(key: Buffer): PersonalDataCipher {
		if (key.length !== 32) throw new Error('The personal-data key must be 32 bytes');
		return new PersonalDataCipher(key);
	}

	static fromSecret(secret: string): PersonalDataCipher {
		return PersonalDataCipher.fromKey(scryptSync(secret, 'warroom personal data v1', 32));
	}

	/** WARROOM_SECRET when set (every instance that shares a database must share it), else the data-dir key file. */
	static load(opts: { secret?: string; dataDir: string }): PersonalDataCipher {
		if (opts.secret) return PersonalDataCipher.fromSecret(opts.secret);
		const file = path.join(opts.dataDir, KEY_FILE);
		ensureDataDir(opts.dataDir);
		try {
			fs.writeFileSync(file, randomBytes(32).toString('base64'), { flag: 'wx', mode: 0o600 });
		} catch (err) {
			if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
		}
		return PersonalDataCipher.fromKeyFile(file);
	}

	/** A key file as `load` writes it: 32 random bytes in base64. */
	static fromKeyFile(file: string): PersonalDataCipher {
		return PersonalDataCipher.fromKey(Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64'));
	}

	/** A value that identifies the key without revealing it: instances sharing a database compare it at start, backups record it so a restore can check the key. */
	fingerprint(): string {
		return createHmac('sha256', this.key).update('warroom personal-data key check v1').digest('base64url').slice(0, 22);
	}

	encrypt(plain: string): string {
		const iv = nextIv();
		const cipher = createCipheriv('aes-256-gcm', this.key, iv);
		const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
		return `${VERSION}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
	}

	/** Binary form for files: iv (12) ‖ tag (16) ‖ ciphertext. */
	encryptBytes(plain: Uint8Array): Uint8Array {
		const iv = nextIv();
		const cipher = createCipheriv('aes-256-gcm', this.key, iv);
		const body = Buffer.concat([cipher.update(plain), cipher.final()]);
		return Buffer.concat([iv, cipher.getAuthTag(), body]);
	}

	decryptBytes(sealed: Uint8Array): Buffer {
		const raw = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
		const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
		decipher.setAuthTag(raw.subarray(12, 28));
		return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]);
	}

	decrypt(sealed: string): string {
		const [version, payload] = sealed.split('.');
		if (version !== VERSION || !payload) throw new Error('Unknown personal-data format');
		const raw = Buffer.from(payload, 'base64');
		const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
		decipher.setAuthTag(raw.subarray(12, 28));
		return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
	}
}
