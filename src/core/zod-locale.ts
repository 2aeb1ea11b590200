/**
 * zod/mini carries no messages of its own (every failure reads "Invalid input"); this loads the
 * English ones. Every module that declares schemas imports it for that side effect. Importing the
 * one locale by name keeps the others out of the CLI bundle.
 */
import { config } from 'zod/mini';
import { en } from 'zod/locales';

config(en());
