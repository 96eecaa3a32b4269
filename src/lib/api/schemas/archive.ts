// Archive (记录归档): the seven documents of a closed incident.
import { z } from 'zod';
import { ARCHIVE_KINDS } from '$lib/domain/vocabulary';

export const ArchiveDocumentQuery = z.object({ format: z.enum(['md', 'html']).default('md'), lang: z.enum(['en', 'zh']).optional() });

export const ArchiveList = z
	.object({
		items: z.array(z.object({ kind: z.enum(ARCHIVE_KINDS), title: z.string(), url: z.string(), markdownUrl: z.string() })),
		bundle: z.object({ html: z.string(), markdown: z.string() })
	})
	.meta({ id: 'ArchiveList', description: 'The seven archive documents, in order, and the bundle of all seven' });
export type ArchiveListJson = z.output<typeof ArchiveList>;
