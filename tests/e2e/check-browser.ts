/**
 * First step of `npm test`: stop at once, saying how to get a browser, rather than after the
 * build and the unit tests when the browser tests cannot start.
 */
import { findBrowser } from './browser';

const search = findBrowser();
if ('problem' in search) {
  process.stderr.write(`npm test: ${search.problem}\n`);
  process.exit(1);
}
