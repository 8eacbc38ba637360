// What the report's words mean: violation classes, oracle stages, verdicts, promises and torn models, in every report.
import { PROMISE_TEXT } from '../campaign/guarantees';

export const GLOSSARY: Array<{ title: string; terms: Array<[string, string]> }> = [
  {
    title: 'Violation classes (what was wrong)',
    terms: [
      ['lost', 'a committed value is missing, or the store shows neither the old nor the new state as a whole (not atomic)'],
      ['phantom', 'a key appeared that no operation ever wrote'],
      ['resurrected', 'an older value, or a removed key, came back'],
      ['corrupted', 'a key holds (or reads as) a value nothing ever wrote, e.g. an error such as InvalidCheckSum'],
      ['status', 'an operation answered differently from the model, e.g. a set that fails with INVALID_DATA_DETECTED where it must succeed'],
      ['crash', 'the engine halted or failed an assertion'],
      ['hang', 'the engine exceeded its step or read budget (it would not terminate)'],
    ],
  },
  {
    title: 'Stages (which part of the crash oracle failed)',
    terms: [
      ['reference', 'the sequence run once without any cut already diverged from the model'],
      ['mount', 'after the cut, the store did not mount (or mounting crashed or hung)'],
      ['old-or-new', 'after the cut and a reboot, the store is neither the state before nor after the interrupted operation'],
      ['continue', 'the store recovered, but a later operation of the sequence answered differently from the model'],
      ['reboot', 'after the rest of the sequence, another reboot showed a different store'],
      ['nested', 'a second cut, during the recovery or in the first write after it, broke one of the rules above'],
      ['device-error', 'one program or erase failed with a device error (no power cut), and the store went wrong after it'],
      ['bit-flip', 'one bit of the stored data flipped at rest, and the reboot lost more than the record holding it'],
    ],
  },
  {
    title: 'Verdicts (what the cut cost the device)',
    terms: [
      ['unusable', 'the store does not mount, or every write after the cut fails and two retries of the interrupted write after a reboot fail too (a bricked device until reset)'],
      ['data lost', 'committed keys were lost or changed (the report counts them per cut), or the store shows a state that never was: a mix of old and new, a removed key back'],
      ['wrong answer', 'an operation answered wrongly (e.g. a write refused once); no committed data was lost and the store goes on'],
    ],
  },
  {
    title: 'Promises (rows of the guarantee table)',
    terms: Object.entries(PROMISE_TEXT) as Array<[string, string]>,
  },
  {
    title: 'Torn models (what the interrupted flash step left)',
    terms: [
      ['before', 'the step had not started'],
      ['after', 'the step completed; power was lost right after it'],
      ['prefix', 'the first program units of the step landed, the rest did not'],
      ['bits', 'a random subset of the bit changes of the program landed'],
      ['erase-partial', 'a prefix of the erase unit was erased'],
      ['erase-bits', 'random bits of the erase unit were set to 1'],
      ['erase-zero', 'the unit was pre-programmed to 0 and not yet erased'],
    ],
  },
  {
    title: 'Counts',
    terms: [
      ['crash point', 'one cut: a flash step of a sequence, under one torn model'],
      ['violations', 'crash points whose recovery broke the oracle, plus runs that diverged without any cut'],
      ['distinct', 'violations of one case that failed the same way count once (one replay id each)'],
      ['root cause', 'violations folded by what they are: a recorded finding, or a new failure whose shrunk case fails alike'],
    ],
  },
];
