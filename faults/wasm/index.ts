// Stores compiled to WebAssembly (issue 13, wasm/ABI.md): what a driver descriptor for them needs, in one place.
export { loadWasmStore, loadWasmStoreFile, compiledCount, DEFAULT_LIMITS, WasmStoreModule, type LoadOptions, type WasmLimits } from './loader';
export { WasmStore, type GetResult } from './store';
export { checkAbi, conventionalResult, STATUS_CLASSES, type StatusClass, type WasmResult } from './abi';
export { WasmHalt, WasmHang, WasmLoadError, WasmTrap, isWasmCrash, type WasmCrash, type TrapReason } from './errors';
export { instrument, FUEL_EXPORT, type Instrumented } from './instrument';
export { parseModule, type ModuleInfo } from './binary';
export { WasmFormatError } from './bytes';
export { openWasmStore, outcomeOf, WasmContractSubject, type WasmStoreOptions } from './subject';
export { generateContractOps, contractValueCap, CONTRACT_KEYS } from './generate';
export { abiStore, assemble } from './assemble';
