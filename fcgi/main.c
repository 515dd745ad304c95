/* sdrz-main: the main portal, on the sdrz host. */
#include "portal.h"

int
main(int argc, char *argv[])
{
	return portal_main(argc, argv, PORTAL_SDRZ, NULL, 0);
}
