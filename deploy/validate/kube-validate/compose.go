package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/compose-spec/compose-go/v2/cli"
)

// checkCompose loads a compose file the way `docker compose config` does: the official
// compose-spec JSON schema, then interpolation and normalisation. Prints the resolved
// project as JSON.
func checkCompose(path string) int {
	abs, err := filepath.Abs(path)
	if err != nil {
		fail(err.Error())
	}
	opts, err := cli.NewProjectOptions([]string{abs},
		cli.WithWorkingDirectory(filepath.Dir(abs)),
		cli.WithoutEnvironmentResolution,
		cli.WithResolvedPaths(false),
	)
	if err != nil {
		fail(err.Error())
	}
	project, err := opts.LoadProject(context.Background())
	if err != nil {
		fmt.Fprintln(os.Stderr, "compose: "+err.Error())
		return 1
	}
	out, err := project.MarshalJSON()
	if err != nil {
		fail(err.Error())
	}
	os.Stdout.Write(out)
	return 0
}
