/* logstore with a planted bug, the classic "commit before data": the commit marker is programmed before the
 * record it commits, and mount trusts the marker instead of checking the CRC. A cut between the two programs,
 * or inside the record's, leaves a committed record whose bytes never landed: a phantom or corrupted key. */
#define LOGSTORE_TRUST_COMMIT 1
#include "logstore.c"
