// Keyboard behaviour of the forms that open over or inside a page (declare, record a contact, the
// phone's bottom sheet, an import): focus moves into the form when it opens, Esc closes it, focus
// goes back to what opened it when it closes, and a modal sheet keeps Tab inside itself.
import type { Attachment } from 'svelte/attachments';

const FOCUSABLE = 'input:not([type=hidden]):not([disabled]), select:not([disabled]), textarea:not([disabled]), button:not([disabled]), a[href], [tabindex]:not([tabindex="-1"])';

export type DialogFocusOptions = {
	/** Called on Esc. */
	onClose: () => void;
	/** Keep Tab and Shift+Tab inside (a modal sheet). */
	trap?: boolean;
	/** Where focus goes on close when the opener is gone from the page (e.g. a button hidden while the form is open). */
	returnTo?: string;
	/** What takes focus on open: the first field (a desk form), or the container itself (a phone's sheet, so no keyboard pops up). */
	initial?: 'field' | 'self';
};

export function dialogFocus({ onClose, trap = false, returnTo, initial = 'field' }: DialogFocusOptions): Attachment<HTMLElement> {
	return (node) => {
		// (the body when the opener was already removed, e.g. a button hidden while its form is open)
		const opener = document.activeElement instanceof HTMLElement && document.activeElement !== document.body ? document.activeElement : null;
		const focusables = () => [...node.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.offsetParent !== null || el === document.activeElement);
		// the first field, else the first control: never the page behind
		const first = node.querySelector<HTMLElement>('input:not([type=hidden]):not([type=checkbox]):not([type=radio]), select, textarea') ?? focusables()[0];
		if (initial === 'self') {
			if (!node.hasAttribute('tabindex')) node.setAttribute('tabindex', '-1');
			node.focus();
		} else if (!node.contains(document.activeElement)) first?.focus();
		function onKey(e: KeyboardEvent) {
			if (e.key === 'Escape') {
				e.preventDefault();
				e.stopPropagation();
				onClose();
				return;
			}
			if (!trap || e.key !== 'Tab') return;
			const list = focusables();
			if (!list.length) return;
			const [head, tail] = [list[0], list[list.length - 1]];
			if (e.shiftKey && document.activeElement === head) {
				e.preventDefault();
				tail.focus();
			} else if (!e.shiftKey && document.activeElement === tail) {
				e.preventDefault();
				head.focus();
			}
		}
		node.addEventListener('keydown', onKey);
		return () => {
			node.removeEventListener('keydown', onKey);
			// only when focus was inside (or lost with it): a form closed by a click elsewhere leaves focus there
			const active = document.activeElement;
			if (active && active !== document.body && !node.contains(active)) return;
			if (opener?.isConnected) opener.focus();
			else if (returnTo) setTimeout(() => document.querySelector<HTMLElement>(returnTo)?.focus(), 0);
		};
	};
}
