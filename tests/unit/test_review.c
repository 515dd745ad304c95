/* The review engine's decision rule: one approver or several, approvals,
 * rejections, and decisions that come twice. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "review.h"

static void
test_one_approver(void **state)
{
	const char	*pending[] = { "pending" };
	const char	*approved[] = { "approved" };
	const char	*rejected[] = { "rejected" };

	(void)state;
	assert_int_equal(review_next(pending, 1, 0, 1), REVIEW_NEXT_APPROVED);
	assert_int_equal(review_next(pending, 1, 0, 0), REVIEW_NEXT_REJECTED);
	/* A second decision is refused, whichever way. */
	assert_int_equal(review_next(approved, 1, 0, 1), REVIEW_NEXT_REFUSED);
	assert_int_equal(review_next(approved, 1, 0, 0), REVIEW_NEXT_REFUSED);
	assert_int_equal(review_next(rejected, 1, 0, 1), REVIEW_NEXT_REFUSED);
	/* An organisation that is not an approver. */
	assert_int_equal(review_next(pending, 1, 1, 1), REVIEW_NEXT_REFUSED);
}

static void
test_two_approvers(void **state)
{
	const char	*both[] = { "pending", "pending" };
	const char	*first_done[] = { "approved", "pending" };
	const char	*second_done[] = { "pending", "approved" };
	const char	*one_rejected[] = { "rejected", "void" };

	(void)state;
	/* The first approval waits for the other approver. */
	assert_int_equal(review_next(both, 2, 0, 1), REVIEW_NEXT_WAIT);
	assert_int_equal(review_next(both, 2, 1, 1), REVIEW_NEXT_WAIT);
	/* The last approval completes it, in either order. */
	assert_int_equal(review_next(first_done, 2, 1, 1), REVIEW_NEXT_APPROVED);
	assert_int_equal(review_next(second_done, 2, 0, 1),
	    REVIEW_NEXT_APPROVED);
	/* Approving twice is refused. */
	assert_int_equal(review_next(first_done, 2, 0, 1), REVIEW_NEXT_REFUSED);
	/* One rejection rejects the review, before or after an approval. */
	assert_int_equal(review_next(both, 2, 1, 0), REVIEW_NEXT_REJECTED);
	assert_int_equal(review_next(first_done, 2, 1, 0),
	    REVIEW_NEXT_REJECTED);
	/* After a rejection the other approver can no longer decide. */
	assert_int_equal(review_next(one_rejected, 2, 1, 1),
	    REVIEW_NEXT_REFUSED);
}

static void
test_three_approvers(void **state)
{
	const char	*s[] = { "approved", "pending", "pending" };
	const char	*t[] = { "approved", "approved", "pending" };

	(void)state;
	assert_int_equal(review_next(s, 3, 1, 1), REVIEW_NEXT_WAIT);
	assert_int_equal(review_next(t, 3, 2, 1), REVIEW_NEXT_APPROVED);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_one_approver),
		cmocka_unit_test(test_two_approvers),
		cmocka_unit_test(test_three_approvers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
