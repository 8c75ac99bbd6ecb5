/* cputime.c - make bench's timer: run a command and write its CPU time
 * (user + system, in seconds to the microsecond) and peak RSS (KiB) to a
 * file, as "SECONDS KIB".  GNU time prints hundredths of a second, and the
 * traces take a quarter of a second: one tick was 4% of a figure whose
 * target is a few percent away (2.5 and 2.6 us a packet read the same).
 *
 *   cputime -o FILE COMMAND [ARG]...
 *
 * Exits with the command's status (127 when it could not run, 2 for a
 * usage error); the command's output is left alone. */
#define _DEFAULT_SOURCE /* wait4 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

static double seconds(struct timeval tv)
{
	return (double)tv.tv_sec + (double)tv.tv_usec / 1e6;
}

int main(int argc, char **argv)
{
	if (argc < 4 || strcmp(argv[1], "-o") != 0) {
		fprintf(stderr, "usage: cputime -o FILE COMMAND [ARG]...\n");
		return 2;
	}
	FILE *out = fopen(argv[2], "w");
	if (!out) {
		perror(argv[2]);
		return 2;
	}
	pid_t pid = fork();
	if (pid < 0) {
		perror("fork");
		return 2;
	}
	if (pid == 0) {
		fclose(out);
		execvp(argv[3], argv + 3);
		perror(argv[3]);
		_exit(127);
	}
	int status;
	struct rusage ru;
	if (wait4(pid, &status, 0, &ru) < 0) {
		perror("wait4");
		return 2;
	}
	fprintf(out, "%.6f %ld\n", seconds(ru.ru_utime) + seconds(ru.ru_stime), ru.ru_maxrss);
	if (fclose(out) != 0) {
		perror(argv[2]);
		return 2;
	}
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	return 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}
