/*
 * pause: the process that holds a pod's namespaces open while the pod's real
 * containers come and go. It does nothing, but it must do nothing correctly:
 *
 *  - With a shared PID namespace it is PID 1, so orphans are re-parented to it and
 *    it has to reap them, or the pod fills with zombies.
 *  - PID 1 gets no default signal actions from the kernel: without handlers,
 *    SIGTERM from the runtime would be ignored and the sandbox would only die
 *    by SIGKILL after the grace period.
 *
 * Signals are handled synchronously: all of them are blocked except while the
 * process sleeps in sigsuspend() (pause() with the mask swapped atomically), so
 * a signal can never arrive between "check the flags" and "go to sleep", and the
 * handlers only set flags -- the real work happens in normal program flow.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef VERSION
#define VERSION "dev"
#endif

static volatile sig_atomic_t stop_signal;
static volatile sig_atomic_t child_exited;

static void on_stop(int sig) { stop_signal = sig; }
static void on_child(int sig) { (void)sig; child_exited = 1; }

static void handle(int sig, void (*fn)(int), int flags) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = fn;
  sa.sa_flags = flags;
  /* A handler runs with every other signal blocked, so handlers never nest. */
  sigfillset(&sa.sa_mask);
  if (sigaction(sig, &sa, NULL) != 0) {
    perror("pause: sigaction");
    exit(1);
  }
}

static void reap(void) {
  /* One SIGCHLD can stand for many exited children: collect all of them. */
  for (;;) {
    pid_t pid = waitpid(-1, NULL, WNOHANG);
    if (pid > 0) continue;
    if (pid < 0 && errno == EINTR) continue;
    break; /* 0: children left but none exited; -1/ECHILD: none left */
  }
}

int main(int argc, char **argv) {
  if (argc > 1 && (strcmp(argv[1], "-v") == 0 || strcmp(argv[1], "--version") == 0)) {
    printf("pause %s (kindling)\n", VERSION);
    return 0;
  }
  if (argc > 1) {
    fprintf(stderr, "usage: %s [-v]\n", argv[0]);
    return 2;
  }
  if (getpid() != 1)
    /* Still useful (e.g. under a container init), but zombies of the pod are not ours. */
    fprintf(stderr, "pause: warning: not running as PID 1\n");

  /* Block everything first so no signal is delivered before its handler is set. */
  sigset_t all, during_sleep;
  sigfillset(&all);
  if (sigprocmask(SIG_BLOCK, &all, NULL) != 0) {
    perror("pause: sigprocmask");
    return 1;
  }
  handle(SIGINT, on_stop, 0);
  handle(SIGTERM, on_stop, 0);
  /* NOCLDSTOP: stopped or continued children are no reason to wake up. */
  handle(SIGCHLD, on_child, SA_NOCLDSTOP);

  /* While asleep, accept exactly the signals handled above. */
  sigfillset(&during_sleep);
  sigdelset(&during_sleep, SIGINT);
  sigdelset(&during_sleep, SIGTERM);
  sigdelset(&during_sleep, SIGCHLD);

  for (;;) {
    if (child_exited) {
      child_exited = 0;
      reap();
    }
    if (stop_signal) {
      fprintf(stderr, "pause: got signal %d, exiting\n", (int)stop_signal);
      return 0;
    }
    /* sigsuspend is pause() with the mask swapped in atomically; always -1/EINTR. */
    sigsuspend(&during_sleep);
  }
}
