package main

import (
	"encoding/json"
	"fmt"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	metavalidation "k8s.io/apimachinery/pkg/apis/meta/v1/validation"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"
	sigsjson "sigs.k8s.io/json"
)

// problem is one reason a document does not match the pinned schemas.
type problem struct {
	Index   int    `json:"index"`
	Kind    string `json:"kind"`
	Name    string `json:"name"`
	Message string `json:"message"`
}

// header is what we read before knowing the Go type of a document.
type header struct {
	metav1.TypeMeta `json:",inline"`
	Metadata        metav1.ObjectMeta `json:"metadata"`
}

// checkDocument decodes one JSON document into its typed struct, case-sensitively, rejecting
// unknown and duplicate fields and values of the wrong type, then checks the metadata rules
// the API server would enforce first (name syntax, label and annotation syntax).
func checkDocument(scheme *runtime.Scheme, index int, doc []byte) []problem {
	var head header
	if err := json.Unmarshal(doc, &head); err != nil {
		return []problem{{Index: index, Message: "unreadable header: " + err.Error()}}
	}
	at := func(msg string) problem {
		return problem{Index: index, Kind: head.Kind, Name: head.Metadata.Name, Message: msg}
	}
	gvk := schema.FromAPIVersionAndKind(head.APIVersion, head.Kind)
	obj, err := scheme.New(gvk)
	if err != nil {
		return []problem{at(fmt.Sprintf("%s is not a known kind at the pinned versions", gvk))}
	}
	var problems []problem
	strictErrs, err := sigsjson.UnmarshalStrict(doc, obj, sigsjson.DisallowUnknownFields, sigsjson.DisallowDuplicateFields)
	if err != nil {
		problems = append(problems, at(err.Error()))
	}
	for _, strictErr := range strictErrs {
		problems = append(problems, at(strictErr.Error()))
	}
	for _, msg := range metadataProblems(head.Kind, head.Metadata) {
		problems = append(problems, at(msg))
	}
	return problems
}

func metadataProblems(kind string, meta metav1.ObjectMeta) []string {
	var out []string
	if meta.Name == "" {
		out = append(out, "metadata.name is required")
	}
	nameCheck := validation.IsDNS1123Subdomain
	if kind == "Service" || kind == "Namespace" {
		nameCheck = validation.IsDNS1035Label
	}
	for _, msg := range nameCheck(meta.Name) {
		out = append(out, "metadata.name: "+msg)
	}
	path := field.NewPath("metadata")
	for _, err := range metavalidation.ValidateLabels(meta.Labels, path.Child("labels")) {
		out = append(out, err.Error())
	}
	for key := range meta.Annotations {
		for _, msg := range validation.IsQualifiedName(key) {
			out = append(out, fmt.Sprintf("metadata.annotations[%s]: %s", key, msg))
		}
	}
	return out
}
