// @ts-expect-error plain JS helper shared with npm start
import { buildIfNeeded } from '../../scripts/build-if-needed.js';

export default function setup() {
	buildIfNeeded();
}
