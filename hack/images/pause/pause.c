/*
 * pause: the infra ("sandbox") container process of a pod, for tskube's
 * locally built registry.k8s.io/pause images (see hack/images/README.md).
 *
 * It holds the pod's namespaces open and does nothing else:
 *   - sleeps forever (pause(2) in a loop);
 *   - reaps every child that is re-parented to it (it is PID 1 of the pod's
 *     PID namespace when the pod shares its process namespace);
 *   - exits 0 on SIGINT or SIGTERM (PID 1 only gets signals it handles);
 *   - "-v" prints its version and exits.
 *
 * Built with: gcc -static -Os -s -o pause pause.c   (hack/images/build.ts)
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef PAUSE_VERSION
#define PAUSE_VERSION "tskube"
#endif

static void on_terminate(int sig) {
  /* async-signal-safe: write(2) and _exit(2) only */
  static const char msg[] = "pause: terminating\n";
  (void)sig;
  (void)!write(STDERR_FILENO, msg, sizeof msg - 1);
  _exit(0);
}

static void on_child(int sig) {
  int saved = errno;
  (void)sig;
  while (waitpid(-1, NULL, WNOHANG) > 0) {
  }
  errno = saved;
}

static int install(int sig, void (*handler)(int), int flags) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = handler;
  sa.sa_flags = flags;
  sigemptyset(&sa.sa_mask);
  return sigaction(sig, &sa, NULL);
}

int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "-v") == 0) {
    printf("pause version %s\n", PAUSE_VERSION);
    return 0;
  }
  if (getpid() != 1) {
    fprintf(stderr, "pause: warning: not running as PID 1\n");
  }
  if (install(SIGINT, on_terminate, 0) < 0 || install(SIGTERM, on_terminate, 0) < 0 ||
      install(SIGCHLD, on_child, SA_NOCLDSTOP | SA_RESTART) < 0) {
    perror("pause: sigaction");
    return 1;
  }
  for (;;) {
    pause();
  }
  return 42; /* not reached */
}
