// The engine as a library: what the benchmark and other Node programs import from the build.
export { Engine, type EngineOptions } from './engine.js'
export { PeerwatchError } from './errors.js'
