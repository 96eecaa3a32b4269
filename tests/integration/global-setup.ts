import { buildIfNeeded } from '../../scripts/build-if-needed.js';

export default function setup() {
	buildIfNeeded();
}
