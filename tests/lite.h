/* lite.h: the SQLite connection under a store, for tests that check the
 * database with sqlite3 calls of their own. */
#ifndef SMTPLOG_TESTS_LITE_H
#define SMTPLOG_TESTS_LITE_H

#include "smtplog/db.h"
#include "smtplog/store.h"

static inline struct sqlite3 *
sl_lite(struct sl_store *st)
{
	return sl_db_sqlite(sl_store_db(st));
}

#endif
