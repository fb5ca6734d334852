package main

import (
	"encoding/json"
	"io"
	"os"

	"github.com/prometheus/prometheus/promql/parser"
)

// checkPromQL parses each expression of a JSON array read from stdin with Prometheus's own
// parser and prints the ones that fail, so alert and dashboard queries are syntax-checked
// without a Prometheus server.
func checkPromQL(in io.Reader) int {
	var exprs []string
	if err := json.NewDecoder(in).Decode(&exprs); err != nil {
		fail("promql: want a JSON array of strings: " + err.Error())
	}
	type failure struct {
		Expr  string `json:"expr"`
		Error string `json:"error"`
	}
	failures := []failure{}
	for _, expr := range exprs {
		if _, err := parser.ParseExpr(expr); err != nil {
			failures = append(failures, failure{Expr: expr, Error: err.Error()})
		}
	}
	if err := json.NewEncoder(os.Stdout).Encode(failures); err != nil {
		fail(err.Error())
	}
	if len(failures) > 0 {
		return 1
	}
	return 0
}
