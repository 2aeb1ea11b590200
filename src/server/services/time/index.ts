/** Time tracking as the HTTP routes call it: the timer, entries and the report. */
export { pauseTimerOf, resumeTimerOf, startTimer, stopTimer, timerStatus } from './timer.js';
export { createEntry, deleteEntry, getEntry, listEntries, updateEntry } from './entries.js';
export { timeReport } from './reports.js';
