import { Services, type ServicesOptions } from '../../src-main/services';
import { BUILT_WORKER, RESOURCES } from './built';

/**
 * Services as `pickline serve` makes them on Node.js: the built job worker and the
 * repository's resources, unless the test says otherwise (a project to open, no resources).
 */
export function testServices(options: Partial<ServicesOptions> = {}): Services {
  return new Services({
    host: 'node',
    workerScript: BUILT_WORKER,
    resourcesDir: RESOURCES,
    ...options,
  });
}
