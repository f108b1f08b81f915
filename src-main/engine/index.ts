// The engine as a library: what the benchmark and other Node programs import from the build.

export { PeerwatchError } from '../../src-shared/errors.js'
export { Engine, type EngineOptions } from './engine.js'
