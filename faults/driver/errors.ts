// Bad input from a user (an option, a driver file, an op line, an id): one typed error the CLI prints as one line.

export class InputError extends Error {
  override readonly name: string = 'InputError';
}
