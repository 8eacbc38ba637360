// Stores compiled to WebAssembly (wasm/ABI.md) as drivers: the module's own code under the cuts, held to the contract.
import type { Geometry } from '../../../engine/flash/blockDevice';
import { CONTRACT_PROMISES, isContractPromise, type ContractPromise } from '../../../models/contract/model';
import { contractOpKind, contractOpText, contractSettles, contractWrites, parseContractOp, type ContractOp } from '../../../models/contract/ops';
import { InputError } from '../../driver/errors';
import type { EngineDriver } from '../../driver/types';
import { generateContractOps } from '../../wasm/generate';
import type { WasmStoreModule } from '../../wasm/loader';
import { openWasmStore } from '../../wasm/subject';
import { WASM_SHELL_HELP, WasmShellSession } from './shell';

export const WASM_DRIVER_NAME = 'wasm';

function promiseOf(p: string): ContractPromise {
  if (!isContractPromise(p)) throw new InputError(`a WebAssembly store has no promise "${p}" (${CONTRACT_PROMISES.join(', ')})`);
  return p;
}

/** Smallest geometry worth a store: two erase units. */
function geometryProblem(g: Geometry): string | undefined {
  return g.sizeBytes < 2 * g.eraseSizeBytes ? 'a WebAssembly store gets at least two erase units' : undefined;
}

/** A driver over one compiled module; its profiles are the contract's promise levels (the report names the one checked). */
export function wasmDriver(module: WasmStoreModule): EngineDriver<ContractOp> {
  return {
    name: WASM_DRIVER_NAME,
    title: `${module.name}: a store compiled to WebAssembly (sha256 ${module.sha256.slice(0, 12)}…), held to the key-value contract`,
    profiles: CONTRACT_PROMISES,
    defaultProfile: 'atomic',
    cleanProfiles: [],
    profileAlias: 'promise',
    geometry: { default: '4096:512:8', problem: geometryProblem },
    ops: {
      text: contractOpText,
      parse: parseContractOp,
      kind: contractOpKind,
      writes: contractWrites,
      settles: contractSettles,
      generate: generateContractOps,
    },
    open: (profile, geometry) => openWasmStore(module, geometry, { promise: promiseOf(profile) }),
    shell: {
      summary: 'mount | set KEY VALUE | get KEY | remove KEY | reboot | powercut N [TORN], keys and values in hex',
      prompt: `${module.name}> `,
      help: WASM_SHELL_HELP,
      open: (ctx) => new WasmShellSession(module, ctx),
    },
  };
}
