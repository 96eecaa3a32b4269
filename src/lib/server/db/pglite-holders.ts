// Who holds the embedded database open. PGlite allows one process at a time, so the maintenance
// scripts (demo loader, backup, restore) must not open a data directory a running server holds.
import fs from 'node:fs';
import path from 'node:path';

/** Processes holding files of the PGlite data directory open (Linux), or null where that cannot be known. */
export function pgliteHolders(dir: string): number[] | null {
	if (!fs.existsSync('/proc/self/fd')) return fs.existsSync(path.join(dir, 'postmaster.pid')) ? [0] : null;
	const holders: number[] = [];
	for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p) && Number(p) !== process.pid)) {
		try {
			if (fs.readdirSync(`/proc/${pid}/fd`).some((fd) => fs.readlinkSync(`/proc/${pid}/fd/${fd}`).startsWith(dir + path.sep))) holders.push(Number(pid));
		} catch {
			/* gone, or not ours to look at */
		}
	}
	return holders;
}
