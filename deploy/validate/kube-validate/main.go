// Command kube-validate checks rendered Kubernetes manifests strictly against the Go types of a
// pinned Kubernetes version and of the operators we use, without a cluster.
//
//	kube-validate manifests < rendered.yaml  → {"objects":[…],"problems":[…]}, exit 1 on problems
//	kube-validate yaml2json < file.yaml      → [doc, …] (for tests that only need to parse YAML)
//	kube-validate compose deploy/compose.yaml → the resolved compose project, exit 1 if invalid
//	kube-validate promql < ["expr", …]      → [{expr, error}] of the ones that do not parse
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"sigs.k8s.io/yaml"
)

func main() {
	if len(os.Args) == 2 && os.Args[1] == "promql" {
		os.Exit(checkPromQL(os.Stdin))
	}
	if len(os.Args) == 3 && os.Args[1] == "compose" {
		os.Exit(checkCompose(os.Args[2]))
	}
	if len(os.Args) != 2 {
		fail("usage: kube-validate manifests|yaml2json|promql < input, or kube-validate compose <file>")
	}
	docs, err := readDocuments(os.Stdin)
	if err != nil {
		fail(err.Error())
	}
	switch os.Args[1] {
	case "yaml2json":
		write(docs)
	case "manifests":
		os.Exit(validateManifests(docs))
	default:
		fail("unknown mode " + os.Args[1])
	}
}

func validateManifests(docs []json.RawMessage) int {
	scheme, err := newScheme()
	if err != nil {
		fail(err.Error())
	}
	problems := []problem{}
	for i, doc := range docs {
		problems = append(problems, checkDocument(scheme, i, doc)...)
	}
	write(map[string]any{"objects": docs, "problems": problems})
	if len(problems) > 0 {
		return 1
	}
	return 0
}

// readDocuments splits a YAML stream and converts each non-empty document to JSON,
// rejecting duplicate keys (which plain YAML parsers silently collapse).
func readDocuments(in io.Reader) ([]json.RawMessage, error) {
	reader := utilyaml.NewYAMLReader(bufio.NewReader(in))
	docs := []json.RawMessage{}
	for {
		raw, err := reader.Read()
		if errors.Is(err, io.EOF) {
			return docs, nil
		}
		if err != nil {
			return nil, err
		}
		if len(bytes.TrimSpace(raw)) == 0 {
			continue
		}
		doc, err := yaml.YAMLToJSONStrict(raw)
		if err != nil {
			return nil, fmt.Errorf("document %d: %w", len(docs), err)
		}
		if string(doc) == "null" {
			continue
		}
		docs = append(docs, doc)
	}
}

func write(v any) {
	if err := json.NewEncoder(os.Stdout).Encode(v); err != nil {
		fail(err.Error())
	}
}

func fail(msg string) {
	fmt.Fprintln(os.Stderr, "kube-validate: "+msg)
	os.Exit(2)
}
