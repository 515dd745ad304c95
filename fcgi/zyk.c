/* sdrz-zyk: the professional-subjects portal. */
#include "portal.h"

int
main(int argc, char *argv[])
{
	return portal_main(argc, argv, PORTAL_ZYK, NULL, 0);
}
