/**
 * zod/mini carries no messages of its own (every failure reads "Invalid input"); this loads the
 * English ones. Every module whose schemas check what people send (the shared schemas in src/core
 * and the server's routes) imports it for that side effect; the client's checks of server answers
 * report a failure in words of their own. Importing the one locale by name keeps the others out of
 * the bundles.
 */
import { config } from 'zod/mini';
import { en } from 'zod/locales';

config(en());
