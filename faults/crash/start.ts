// Where a case starts when not on blank flash: an image file (a dump read back from a device, or another campaign's
// image) or a generated aged store. The harness mounts nothing itself: the driver's startModel says what a mount of
// the image reads, and that is the state the sequence is held to from its first op on.
import { InputError } from '../driver/errors';
import { readImage } from '../driver/imageFile';
import { sha256Of } from '../driver/registry';
import type { StartSpec } from '../replayId';
import type { StartState } from './reference';
import type { StoreCase } from './storeCase';

/** How many hex digits of an image's SHA-256 an id carries. */
export const IMAGE_HASH_CHARS = 12;

/** The start spec of an image's bytes, as ids name it. */
export const imageStart = (image: Uint8Array): StartSpec => ({ kind: 'image', sha256: sha256Of(image).slice(0, IMAGE_HASH_CHARS) });

/** The case with every sequence starting where `spec` says (`imageFile`: the file an `img` start must come from). */
export function withStart<Op>(c: StoreCase<Op>, spec: StartSpec | undefined, imageFile?: string): StoreCase<Op> {
  if (!spec) return c;
  const { image, model } = startStateOf(c, spec, imageFile);
  return { ...c, start: { spec, image, model } };
}

/** The image and model a start names; `imageFile` is the file an `img` start must come from (its hash must match). */
export function startStateOf<Op>(c: StoreCase<Op>, spec: StartSpec, imageFile?: string): StartState<Op> {
  let image: Uint8Array;
  if (spec.kind === 'aged') {
    if (!c.store.agedImage) throw new InputError(`${c.driver.name} has no generated aged start (its driver gives no agedImage)`);
    image = c.store.agedImage(spec.seed);
  } else {
    if (!imageFile) throw new InputError(`the case starts from an image (sha256 ${spec.sha256}…): give --start-image FILE`);
    image = readImage(imageFile, c.geometry.sizeBytes);
    const have = sha256Of(image);
    if (!have.startsWith(spec.sha256)) throw new InputError(`${imageFile} (sha256 ${have.slice(0, IMAGE_HASH_CHARS)}…) is not the start image the id was made with (sha256 ${spec.sha256}…)`);
  }
  return { image, model: startModelOf(c, image) };
}

/** The driver's model of what a mount reads from `image`; an InputError when the driver cannot model images. */
export function startModelOf<Op>(c: StoreCase<Op>, image: Uint8Array): StartState<Op>['model'] {
  if (!c.store.startModel) throw new InputError(`${c.driver.name} cannot start from an image: its driver gives no startModel`);
  const model = c.store.startModel(image);
  if (typeof model === 'string') throw new InputError(`${c.driver.name} cannot start from this image: ${model}`);
  return model;
}
