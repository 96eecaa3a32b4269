// The body of a contact attempt as both contact forms send it (the incident page's and My tasks'):
// the guide's checklist only when the customer was reached, otherwise channel and outcome alone.
import type { ContactChannel, ContactOutcome, NeedKind } from '$lib/domain/vocabulary';

export type ContactFormState = {
	channel: ContactChannel;
	outcome: ContactOutcome;
	apologized: boolean;
	explained: boolean;
	needAsked: boolean;
	need?: NeedKind | '';
	note?: string;
	commitment?: string;
	/** A `datetime-local` value. */
	commitmentDueAt?: string;
};

export function contactRequest(form: ContactFormState) {
	const note = form.note ? { note: form.note } : {};
	if (form.outcome !== 'reached') return { channel: form.channel, outcome: form.outcome, ...note };
	return {
		channel: form.channel,
		outcome: form.outcome,
		apologized: form.apologized,
		explained: form.explained,
		needAsked: form.needAsked,
		...(form.needAsked && form.need ? { need: form.need } : {}),
		...(form.commitment ? { commitment: form.commitment } : {}),
		...(form.commitmentDueAt ? { commitmentDueAt: new Date(form.commitmentDueAt).toISOString() } : {}),
		...note
	};
}
