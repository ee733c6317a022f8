// Command client-go-compat exercises tskube through the stock client-go typed
// clientset, the way controllers and operators talk to an API server: CRUD and
// list pagination over protobuf (client-go's default for built-in types) and
// JSON, watch, merge and strategic merge patches, server-side apply with typed
// apply configurations, and a shared informer.
//
// It prints one line per check, "ok <name>" or "FAIL <name>: <error>", and
// exits 1 when any check failed (2 when it could not start at all).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"os"
	"reflect"
	"strings"
	"sync"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/watch"
	corev1ac "k8s.io/client-go/applyconfigurations/core/v1"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/tools/clientcmd"
	"k8s.io/utils/ptr"
)

const (
	protobufType = "application/vnd.kubernetes.protobuf"
	jsonType     = "application/json"
	manager      = "tskube-compat"
)

var failures int

// TSKUBE_COMPAT_DEBUG=1 logs every request and its status to stderr
var debug = os.Getenv("TSKUBE_COMPAT_DEBUG") == "1"

func check(name string, fn func() error) {
	defer func() {
		if r := recover(); r != nil {
			failures++
			fmt.Printf("FAIL %s: panic: %v\n", name, r)
		}
	}()
	if err := fn(); err != nil {
		failures++
		fmt.Printf("FAIL %s: %s\n", name, oneLine(err.Error()))
		return
	}
	fmt.Printf("ok %s\n", name)
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// contentTypes records the Content-Type of every create/update body a
// clientset sends and of every response it receives, so the protobuf run can
// show which parts of the exchange really were protobuf.
type contentTypes struct {
	mu        sync.Mutex
	requests  map[string]int
	responses map[string]int
}

func newContentTypes() *contentTypes {
	return &contentTypes{requests: map[string]int{}, responses: map[string]int{}}
}

func mediaType(ct string) string {
	if i := strings.IndexByte(ct, ';'); i >= 0 {
		ct = ct[:i]
	}
	return strings.TrimSpace(ct)
}

func (c *contentTypes) wrap(rt http.RoundTripper) http.RoundTripper {
	return roundTripFunc(func(req *http.Request) (*http.Response, error) {
		start := time.Now()
		resp, err := rt.RoundTrip(req)
		if debug {
			status := 0
			if resp != nil {
				status = resp.StatusCode
			}
			fmt.Fprintf(os.Stderr, "%s %s %s -> %d %v (%s)\n", req.Method, req.URL.RequestURI(), req.Header.Get("Content-Type"), status, err, time.Since(start))
		}
		c.mu.Lock()
		defer c.mu.Unlock()
		if req.Method == http.MethodPost || req.Method == http.MethodPut {
			c.requests[mediaType(req.Header.Get("Content-Type"))]++
		}
		if err == nil && resp != nil && resp.StatusCode < 300 {
			c.responses[mediaType(resp.Header.Get("Content-Type"))]++
		}
		return resp, err
	})
}

func (c *contentTypes) reset() {
	c.mu.Lock()
	c.requests, c.responses = map[string]int{}, map[string]int{}
	c.mu.Unlock()
}

// only checks that every recorded media type is want (and there is at least one)
func (c *contentTypes) only(what string, want string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	seen := c.requests
	if what == "responses" {
		seen = c.responses
	}
	for ct, n := range seen {
		if ct != want {
			return fmt.Errorf("%s: want every one as %s, got %d as %q (all: %v)", what, want, n, ct, seen)
		}
	}
	if seen[want] == 0 {
		return fmt.Errorf("%s: none as %s (all: %v)", what, want, seen)
	}
	return nil
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func clientset(base *rest.Config, contentType string, rec *contentTypes) (*kubernetes.Clientset, error) {
	cfg := rest.CopyConfig(base)
	cfg.QPS, cfg.Burst = 200, 400
	if contentType == jsonType {
		cfg.ContentType = jsonType
		cfg.AcceptContentTypes = jsonType
	} // else: leave unset, so the generated clients pick protobuf by default
	cfg.Wrap(rec.wrap)
	return kubernetes.NewForConfig(cfg)
}

func main() {
	kubeconfig := flag.String("kubeconfig", os.Getenv("KUBECONFIG"), "path to the kubeconfig")
	namespace := flag.String("namespace", "compat-client-go", "namespace to create and work in")
	flag.Parse()

	cfg, err := clientcmd.BuildConfigFromFlags("", *kubeconfig)
	if err != nil {
		fmt.Printf("FAIL setup: %v\n", err)
		os.Exit(2)
	}
	pbRec := newContentTypes()
	jsRec := newContentTypes()
	pb, err := clientset(cfg, protobufType, pbRec)
	if err != nil {
		fmt.Printf("FAIL setup: %v\n", err)
		os.Exit(2)
	}
	js, err := clientset(cfg, jsonType, jsRec)
	if err != nil {
		fmt.Printf("FAIL setup: %v\n", err)
		os.Exit(2)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	ns := *namespace

	check("namespace-create", func() error {
		_, err := js.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: ns}}, metav1.CreateOptions{})
		return err
	})

	for _, c := range []struct {
		label string
		cs    *kubernetes.Clientset
		rec   *contentTypes
		want  string
	}{{"protobuf", pb, pbRec, protobufType}, {"json", js, jsRec, jsonType}} {
		c.rec.reset()
		configMapCRUD(ctx, c.label, c.cs, ns)
		listPaging(ctx, c.label, c.cs, ns)
		watchEvents(ctx, c.label, c.cs, ns)
		// the server decoded every body (the checks above passed); these say what
		// travelled on the wire
		check(c.label+"-request-bodies", func() error { return c.rec.only("request bodies", c.want) })
		check(c.label+"-responses", func() error { return c.rec.only("responses", c.want) })
	}

	deploymentPatches(ctx, pb, ns)
	serverSideApply(ctx, pb, ns)
	informer(ctx, pb, ns)

	if failures > 0 {
		fmt.Printf("%d check(s) failed\n", failures)
		os.Exit(1)
	}
}

func configMapCRUD(ctx context.Context, label string, cs kubernetes.Interface, ns string) {
	cms := cs.CoreV1().ConfigMaps(ns)
	name := "crud-" + label
	check("configmap-create-"+label, func() error {
		got, err := cms.Create(ctx, &corev1.ConfigMap{
			ObjectMeta: metav1.ObjectMeta{Name: name, Labels: map[string]string{"compat": label}},
			Data:       map[string]string{"a": "1"},
			BinaryData: map[string][]byte{"bin": {0, 1, 2, 255}},
		}, metav1.CreateOptions{})
		if err != nil {
			return err
		}
		if got.UID == "" || got.ResourceVersion == "" || got.CreationTimestamp.IsZero() {
			return fmt.Errorf("created object lacks uid/resourceVersion/creationTimestamp: %+v", got.ObjectMeta)
		}
		return nil
	})
	check("configmap-get-"+label, func() error {
		got, err := cms.Get(ctx, name, metav1.GetOptions{})
		if err != nil {
			return err
		}
		if got.Data["a"] != "1" || !reflect.DeepEqual(got.BinaryData["bin"], []byte{0, 1, 2, 255}) {
			return fmt.Errorf("unexpected content: data=%v binaryData=%v", got.Data, got.BinaryData)
		}
		return nil
	})
	check("configmap-update-"+label, func() error {
		got, err := cms.Get(ctx, name, metav1.GetOptions{})
		if err != nil {
			return err
		}
		oldRV := got.ResourceVersion
		got.Data["a"] = "2"
		got.Data["b"] = "3"
		upd, err := cms.Update(ctx, got, metav1.UpdateOptions{})
		if err != nil {
			return err
		}
		if upd.Data["a"] != "2" || upd.Data["b"] != "3" || upd.ResourceVersion == oldRV {
			return fmt.Errorf("update not reflected: data=%v rv %s -> %s", upd.Data, oldRV, upd.ResourceVersion)
		}
		// a stale resourceVersion must conflict
		got.ResourceVersion = oldRV
		_, err = cms.Update(ctx, got, metav1.UpdateOptions{})
		if !apierrors.IsConflict(err) {
			return fmt.Errorf("update with a stale resourceVersion: want 409 Conflict, got %v", err)
		}
		return nil
	})
	check("configmap-list-"+label, func() error {
		l, err := cms.List(ctx, metav1.ListOptions{LabelSelector: "compat=" + label})
		if err != nil {
			return err
		}
		if len(l.Items) != 1 || l.Items[0].Name != name || l.ResourceVersion == "" {
			return fmt.Errorf("want exactly %s with a list resourceVersion, got %d items (rv %q)", name, len(l.Items), l.ResourceVersion)
		}
		return nil
	})
	check("configmap-delete-"+label, func() error {
		if err := cms.Delete(ctx, name, metav1.DeleteOptions{}); err != nil {
			return err
		}
		_, err := cms.Get(ctx, name, metav1.GetOptions{})
		if !apierrors.IsNotFound(err) {
			return fmt.Errorf("get after delete: want 404 NotFound, got %v", err)
		}
		return nil
	})
}

func listPaging(ctx context.Context, label string, cs kubernetes.Interface, ns string) {
	cms := cs.CoreV1().ConfigMaps(ns)
	sel := "page=" + label
	check("list-limit-continue-"+label, func() error {
		for i := 0; i < 5; i++ {
			_, err := cms.Create(ctx, &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{
				Name: fmt.Sprintf("page-%s-%d", label, i), Labels: map[string]string{"page": label},
			}}, metav1.CreateOptions{})
			if err != nil {
				return err
			}
		}
		var names []string
		opts := metav1.ListOptions{LabelSelector: sel, Limit: 2}
		pages := 0
		for {
			l, err := cms.List(ctx, opts)
			if err != nil {
				return err
			}
			pages++
			for _, it := range l.Items {
				names = append(names, it.Name)
			}
			if l.Continue == "" {
				break
			}
			if pages > 10 {
				return errors.New("continue token never ran out")
			}
			opts.Continue = l.Continue
		}
		if pages != 3 || len(names) != 5 {
			return fmt.Errorf("want 5 items in 3 pages, got %d items in %d pages: %v", len(names), pages, names)
		}
		return cms.DeleteCollection(ctx, metav1.DeleteOptions{}, metav1.ListOptions{LabelSelector: sel})
	})
}

func watchEvents(ctx context.Context, label string, cs kubernetes.Interface, ns string) {
	cms := cs.CoreV1().ConfigMaps(ns)
	changes := func(name string) error {
		if _, err := cms.Create(ctx, &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: name}, Data: map[string]string{"v": "1"}}, metav1.CreateOptions{}); err != nil {
			return err
		}
		if _, err := cms.Patch(ctx, name, types.MergePatchType, []byte(`{"data":{"v":"2"}}`), metav1.PatchOptions{}); err != nil {
			return err
		}
		return cms.Delete(ctx, name, metav1.DeleteOptions{})
	}
	// live: the watch is open before the changes happen
	check("watch-"+label, func() error {
		name := "watched-" + label
		l, err := cms.List(ctx, metav1.ListOptions{})
		if err != nil {
			return err
		}
		w, err := cms.Watch(ctx, metav1.ListOptions{ResourceVersion: l.ResourceVersion, FieldSelector: "metadata.name=" + name})
		if err != nil {
			return err
		}
		defer w.Stop()
		if err := changes(name); err != nil {
			return err
		}
		return expectEvents(w)
	})
	// replay: the changes happened after the list and before the watch, which
	// starts from the list's resourceVersion and so must deliver them
	check("watch-replay-"+label, func() error {
		name := "replayed-" + label
		l, err := cms.List(ctx, metav1.ListOptions{})
		if err != nil {
			return err
		}
		if err := changes(name); err != nil {
			return err
		}
		w, err := cms.Watch(ctx, metav1.ListOptions{ResourceVersion: l.ResourceVersion, FieldSelector: "metadata.name=" + name})
		if err != nil {
			return err
		}
		defer w.Stop()
		return expectEvents(w)
	})
}

// expectEvents reads ADDED v=1, MODIFIED v=2, DELETED v=2 (bookmarks skipped)
func expectEvents(w watch.Interface) error {
	var got []string
	timeout := time.After(15 * time.Second)
	for len(got) < 3 {
		select {
		case ev, ok := <-w.ResultChan():
			if !ok {
				return fmt.Errorf("watch closed early after %v", got)
			}
			if ev.Type == watch.Error {
				return fmt.Errorf("watch error event after %v: %v", got, apierrors.FromObject(ev.Object))
			}
			if ev.Type == watch.Bookmark {
				continue
			}
			cm, ok := ev.Object.(*corev1.ConfigMap)
			if !ok {
				return fmt.Errorf("%s event carries %T, not *v1.ConfigMap", ev.Type, ev.Object)
			}
			got = append(got, fmt.Sprintf("%s:%s", ev.Type, cm.Data["v"]))
		case <-timeout:
			return fmt.Errorf("timed out; events so far: %v", got)
		}
	}
	exp := []string{"ADDED:1", "MODIFIED:2", "DELETED:2"}
	if !reflect.DeepEqual(got, exp) {
		return fmt.Errorf("want events %v, got %v", exp, got)
	}
	return nil
}

func deploymentPatches(ctx context.Context, cs kubernetes.Interface, ns string) {
	deps := cs.AppsV1().Deployments(ns)
	name := "patched"
	check("deployment-create", func() error {
		labels := map[string]string{"app": name}
		_, err := deps.Create(ctx, &appsv1.Deployment{
			ObjectMeta: metav1.ObjectMeta{Name: name},
			Spec: appsv1.DeploymentSpec{
				Replicas: ptr.To[int32](1),
				Selector: &metav1.LabelSelector{MatchLabels: labels},
				Template: corev1.PodTemplateSpec{
					ObjectMeta: metav1.ObjectMeta{Labels: labels},
					Spec: corev1.PodSpec{Containers: []corev1.Container{
						{Name: "app", Image: "registry.example/app:1"},
						{Name: "sidecar", Image: "registry.example/sidecar:1"},
					}},
				},
			},
		}, metav1.CreateOptions{})
		return err
	})
	check("deployment-merge-patch", func() error {
		got, err := deps.Patch(ctx, name, types.MergePatchType,
			[]byte(`{"metadata":{"labels":{"patched":"merge"}},"spec":{"replicas":3}}`), metav1.PatchOptions{})
		if err != nil {
			return err
		}
		if got.Labels["patched"] != "merge" || got.Spec.Replicas == nil || *got.Spec.Replicas != 3 {
			return fmt.Errorf("merge patch not applied: labels=%v replicas=%v", got.Labels, got.Spec.Replicas)
		}
		if len(got.Spec.Template.Spec.Containers) != 2 {
			return fmt.Errorf("merge patch touched the containers: %d left", len(got.Spec.Template.Spec.Containers))
		}
		return nil
	})
	check("deployment-strategic-merge-patch", func() error {
		// containers merge by name: this changes one image and keeps the other container
		got, err := deps.Patch(ctx, name, types.StrategicMergePatchType,
			[]byte(`{"spec":{"template":{"spec":{"containers":[{"name":"app","image":"registry.example/app:2"}]}}}}`), metav1.PatchOptions{})
		if err != nil {
			return err
		}
		images := map[string]string{}
		for _, c := range got.Spec.Template.Spec.Containers {
			images[c.Name] = c.Image
		}
		want := map[string]string{"app": "registry.example/app:2", "sidecar": "registry.example/sidecar:1"}
		if !reflect.DeepEqual(images, want) {
			return fmt.Errorf("want containers %v, got %v", want, images)
		}
		return nil
	})
	check("deployment-delete", func() error {
		return deps.Delete(ctx, name, metav1.DeleteOptions{PropagationPolicy: ptr.To(metav1.DeletePropagationBackground)})
	})
}

func serverSideApply(ctx context.Context, cs kubernetes.Interface, ns string) {
	cms := cs.CoreV1().ConfigMaps(ns)
	name := "applied"
	opts := metav1.ApplyOptions{FieldManager: manager, Force: true}
	check("ssa-create", func() error {
		got, err := cms.Apply(ctx, corev1ac.ConfigMap(name, ns).
			WithLabels(map[string]string{"owner": "compat"}).
			WithData(map[string]string{"keep": "1", "drop": "1"}), opts)
		if err != nil {
			return err
		}
		if got.UID == "" || got.Data["keep"] != "1" || got.Data["drop"] != "1" {
			return fmt.Errorf("apply did not create the object as applied: uid=%q data=%v", got.UID, got.Data)
		}
		return nil
	})
	check("ssa-update", func() error {
		got, err := cms.Apply(ctx, corev1ac.ConfigMap(name, ns).
			WithLabels(map[string]string{"owner": "compat"}).
			WithData(map[string]string{"keep": "2", "drop": "1", "new": "1"}), opts)
		if err != nil {
			return err
		}
		want := map[string]string{"keep": "2", "drop": "1", "new": "1"}
		if !reflect.DeepEqual(got.Data, want) {
			return fmt.Errorf("want data %v, got %v", want, got.Data)
		}
		return nil
	})
	check("ssa-managed-fields", func() error {
		got, err := cms.Get(ctx, name, metav1.GetOptions{})
		if err != nil {
			return err
		}
		for _, mf := range got.ManagedFields {
			if mf.Manager == manager && mf.Operation == metav1.ManagedFieldsOperationApply {
				if mf.FieldsV1 == nil || !strings.Contains(string(mf.FieldsV1.Raw), `"f:keep"`) {
					return fmt.Errorf("the Apply entry for %s does not list f:data.f:keep: %v", manager, mf.FieldsV1)
				}
				return nil
			}
		}
		return fmt.Errorf("no managedFields entry {manager: %s, operation: Apply}; managedFields=%v", manager, got.ManagedFields)
	})
	check("ssa-remove-field", func() error {
		// a field the manager applied before and leaves out now is removed
		got, err := cms.Apply(ctx, corev1ac.ConfigMap(name, ns).
			WithLabels(map[string]string{"owner": "compat"}).
			WithData(map[string]string{"keep": "2", "new": "1"}), opts)
		if err != nil {
			return err
		}
		want := map[string]string{"keep": "2", "new": "1"}
		if !reflect.DeepEqual(got.Data, want) {
			return fmt.Errorf("want data %v after applying without \"drop\", got %v", want, got.Data)
		}
		return nil
	})
	check("ssa-conflict-and-force", func() error {
		other := corev1ac.ConfigMap(name, ns).WithData(map[string]string{"keep": "other"})
		_, err := cms.Apply(ctx, other, metav1.ApplyOptions{FieldManager: "someone-else"})
		if !apierrors.IsConflict(err) {
			return fmt.Errorf("applying a field another manager owns without force: want 409 Conflict, got %v", err)
		}
		got, err := cms.Apply(ctx, other, metav1.ApplyOptions{FieldManager: "someone-else", Force: true})
		if err != nil {
			return fmt.Errorf("forced apply: %w", err)
		}
		if got.Data["keep"] != "other" {
			return fmt.Errorf("forced apply did not take the field: %v", got.Data)
		}
		return nil
	})
	check("ssa-delete", func() error { return cms.Delete(ctx, name, metav1.DeleteOptions{}) })
}

func informer(ctx context.Context, cs kubernetes.Interface, ns string) {
	check("informer-sync-and-add", func() error {
		ictx, stop := context.WithTimeout(ctx, 30*time.Second)
		defer stop()
		if _, err := cs.CoreV1().ConfigMaps(ns).Create(ctx, &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "informer-pre"}}, metav1.CreateOptions{}); err != nil {
			return err
		}
		factory := informers.NewSharedInformerFactoryWithOptions(cs, 0, informers.WithNamespace(ns))
		inf := factory.Core().V1().ConfigMaps()
		added := make(chan string, 64)
		if _, err := inf.Informer().AddEventHandler(cache.ResourceEventHandlerFuncs{
			AddFunc: func(obj interface{}) {
				if cm, ok := obj.(*corev1.ConfigMap); ok {
					added <- cm.Name
				}
			},
		}); err != nil {
			return err
		}
		factory.Start(ictx.Done())
		// Shutdown waits for the informers, which stop when ictx is cancelled
		defer func() { stop(); factory.Shutdown() }()
		for typ, ok := range factory.WaitForCacheSync(ictx.Done()) {
			if !ok {
				return fmt.Errorf("cache for %v did not sync", typ)
			}
		}
		if _, err := inf.Lister().ConfigMaps(ns).Get("informer-pre"); err != nil {
			return fmt.Errorf("synced lister lacks informer-pre: %w", err)
		}
		if _, err := cs.CoreV1().ConfigMaps(ns).Create(ctx, &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "informer-post"}}, metav1.CreateOptions{}); err != nil {
			return err
		}
		for {
			select {
			case n := <-added:
				if n == "informer-post" {
					return nil
				}
			case <-ictx.Done():
				return errors.New("the informer did not see informer-post being added")
			}
		}
	})
}
