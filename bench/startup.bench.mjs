// `desk --version` against `node -e ""`: the entry must load nothing but commander.
import { DESK, compare, report } from './lib.mjs';

const { subject, floor } = compare(30, [process.execPath, [DESK, '--version']], [process.execPath, ['-e', '']]);
report('desk --version', subject, 'ms', 'node -e ""', floor, '<= 1.3x');
