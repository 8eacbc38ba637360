// Where the real firmware halts (MBED_ERROR, MBED_ASSERT, a Rust panic), a faithful engine throws this.

export class EngineHalt extends Error {
  override readonly name = 'EngineHalt';
  constructor(
    readonly where: string,
    readonly code: number,
    message: string,
  ) {
    super(`${where}: ${message} (code ${code})`);
  }
}
