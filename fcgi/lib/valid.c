#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "valid.h"

static int
leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
valid_date(int y, int m, int d)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	time_t		 now = time(NULL);
	struct tm	 tm;
	int		 dim;

	if (y < 1900 || m < 1 || m > 12 || d < 1)
		return 0;
	dim = mdays[m - 1] + (m == 2 && leap(y));
	if (d > dim)
		return 0;
	localtime_r(&now, &tm);
	return y * 10000 + m * 100 + d <=
	    (tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;
}

int
valid_id_number(char *s)
{
	static const int	 w[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9,
	    10, 5, 8, 4, 2 };
	static const char	 check[] = "10X98765432";
	int			 i, sum = 0, y, m, d;

	if (strlen(s) != 18)
		return 0;
	if (s[17] == 'x')
		s[17] = 'X';
	for (i = 0; i < 17; i++) {
		if (!isdigit((unsigned char)s[i]))
			return 0;
		sum += (s[i] - '0') * w[i];
	}
	/* Province codes run from 11 (Beijing) to 82 (Macao). */
	if (s[0] < '1' || s[0] > '8' || (s[0] == '1' && s[1] == '0'))
		return 0;
	y = (s[6] - '0') * 1000 + (s[7] - '0') * 100 + (s[8] - '0') * 10 +
	    (s[9] - '0');
	m = (s[10] - '0') * 10 + (s[11] - '0');
	d = (s[12] - '0') * 10 + (s[13] - '0');
	if (!valid_date(y, m, d))
		return 0;
	return s[17] == check[sum % 11];
}

void
valid_id_birth(const char *s, char *out, int *gender)
{
	snprintf(out, 11, "%.4s-%.2s-%.2s", s + 6, s + 10, s + 12);
	*gender = (s[16] - '0') % 2 ? 1 : 2;
}

int
valid_uscc(char *s)
{
	/* GB 32100: the code's alphabet leaves out I, O, Z, S, V. */
	static const char	 alpha[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
	static const int	 w[17] = { 1, 3, 9, 27, 19, 26, 16, 17, 20, 29,
	    25, 13, 8, 24, 10, 30, 28 };
	const char		*p;
	int			 i, sum = 0, c;

	if (strlen(s) != 18)
		return 0;
	for (i = 0; i < 18; i++) {
		s[i] = (char)toupper((unsigned char)s[i]);
		if ((p = strchr(alpha, s[i])) == NULL || s[i] == '\0')
			return 0;
		if (i < 17)
			sum += (int)(p - alpha) * w[i];
	}
	/* Registration authority and kind, then a 6-digit region code. */
	for (i = 2; i < 8; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	c = 31 - sum % 31;
	if (c == 31)
		c = 0;
	return s[17] == alpha[c];
}

int
valid_mobile(const char *s)
{
	int	 i;

	if (strlen(s) != 11 || s[0] != '1' || s[1] < '3' || s[1] > '9')
		return 0;
	for (i = 2; i < 11; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

int
valid_email(const char *s)
{
	const char	*at, *dot, *p;
	size_t		 len = strlen(s);

	if (len < 5 || len > 254)
		return 0;
	for (p = s; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == '<' || *p == '>' ||
		    *p == ',' || *p == ';' || (unsigned char)*p >= 0x7f)
			return 0;
	if ((at = strchr(s, '@')) == NULL || at == s || strchr(at + 1, '@'))
		return 0;
	if ((size_t)(at - s) > 64)
		return 0;
	if ((dot = strrchr(at, '.')) == NULL || dot == at + 1 ||
	    dot[1] == '\0' || strlen(dot + 1) < 2)
		return 0;
	return strstr(at, "..") == NULL && at[1] != '.';
}
