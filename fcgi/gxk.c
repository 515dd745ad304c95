/* sdrz-gxk: the public-subjects portal. */
#include "portal.h"

int
main(int argc, char *argv[])
{
	return portal_main(argc, argv, PORTAL_GXK, NULL, 0);
}
