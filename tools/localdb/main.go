// Command localdb runs FerretDB v1 with its SQLite backend, embedded, as the bundled
// MongoDB-compatible database for local development and tests.
//
// It prints its MongoDB URI on the first line of standard output once it listens, and stops
// when it receives SIGINT or SIGTERM, or when its standard input reaches end-of-file — the
// parent holds the write end of that pipe, so the database never outlives it, even when the
// parent is killed with SIGKILL.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/FerretDB/FerretDB/build/version"
	"github.com/FerretDB/FerretDB/ferretdb"
)

// ferretDBVersion is the module version go.mod pins; the embedded build carries no version file.
const ferretDBVersion = "v1.24.2"

func main() {
	listen := flag.String("listen", "127.0.0.1:0", "TCP address to listen on (port 0 picks a free port)")
	dataDir := flag.String("data", ".data/localdb", "directory holding the SQLite files")
	watchStdin := flag.Bool("watch-stdin", true, "stop when standard input reaches end-of-file")
	logLevel := flag.String("log-level", "warn", "log level: debug, info, warn or error")
	flag.Parse()

	if err := run(*listen, *dataDir, *watchStdin, *logLevel); err != nil {
		fmt.Fprintf(os.Stderr, "localdb: %s\n", err)
		os.Exit(1)
	}
}

func run(listen, dataDir string, watchStdin bool, logLevel string) error {
	var level slog.Level
	if err := level.UnmarshalText([]byte(logLevel)); err != nil {
		return fmt.Errorf("bad -log-level %q: %w", logLevel, err)
	}

	absDir, err := filepath.Abs(dataDir)
	if err != nil {
		return fmt.Errorf("bad -data %q: %w", dataDir, err)
	}
	if err = os.MkdirAll(absDir, 0o700); err != nil {
		return fmt.Errorf("cannot create data directory: %w", err)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	if watchStdin {
		go func() {
			// Any read result (EOF or an error) means the parent is gone.
			_, _ = io.Copy(io.Discard, os.Stdin)
			stop()
		}()
	}

	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))

	version.Get().Version = ferretDBVersion

	db, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: listen},
		Logger:    logger,
		Handler:   "sqlite",
		SQLiteURL: "file:" + absDir + "/",
	})
	if err != nil {
		return err
	}

	// The listener is bound by New, so the URI is valid (and connections queue) from here.
	fmt.Println(db.MongoDBURI())

	return db.Run(ctx)
}
