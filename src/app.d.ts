import type { App as WarroomApp } from '$lib/server/app';
import type { Principal } from '$lib/server/auth/principal';

declare global {
	namespace App {
		interface Error {
			code?: string;
		}
		interface Locals {
			app: WarroomApp;
			principal: Principal | null;
			lang: 'en' | 'zh';
		}
		interface PageData {
			lang?: 'en' | 'zh';
		}
	}
}

export {};
