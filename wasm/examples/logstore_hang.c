/* logstore with a planted hang: mount finds a garbage collection half done (the other area holds copied records but
 * no header yet) and waits for it to finish, as code written for a GC running in another thread might. After a power
 * cut nothing ever finishes it: mount spins re-reading the flash, a `hang` the harness reports within its budgets. */
#define LOGSTORE_WAIT_GC 1
#include "logstore.c"
