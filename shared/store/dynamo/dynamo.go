// Package dynamo implements store.Table on Amazon DynamoDB with aws-sdk-go-v2: items are
// converted by named converters (toAV/fromAV), conditions and updates become expressions
// built with the expression package, and every SDK error is mapped onto the domain's codes
// in one place (mapErr). It holds no business rule: that is shared/store's repository.
//
// Expiry: DynamoDB deletes items some time after their TTL (DynamoDB Local never does),
// so every read drops expired items and every condition treats them as absent, the same
// as the embedded adapter. Timeouts: one per HTTP attempt (ClientOptions) and one per call,
// retries included (Options.CallTimeout). Retries: the SDK's, only.
package dynamo

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"shortlist/shared/store"
	"shortlist/shared/store/table"
)

// Options tune a Table; the zero value is fine.
type Options struct {
	// Now is the clock expiry is judged by (time.Now when nil).
	Now func() time.Time
	// CallTimeout bounds one call, SDK retries included (10 s when 0).
	CallTimeout time.Duration
	// Meter, when set, receives the capacity every call consumed (ReturnConsumedCapacity).
	Meter *Meter
}

// Table is store.Table on one DynamoDB table. Build it once per process.
type Table struct {
	client *dynamodb.Client
	name   string
	def    table.Definition
	opts   Options
}

var _ store.Table = (*Table)(nil)

// New returns the table called name, shaped as def, reached through client.
func New(client *dynamodb.Client, name string, def table.Definition, opts Options) *Table {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.CallTimeout == 0 {
		opts.CallTimeout = 10 * time.Second
	}
	return &Table{client: client, name: name, def: def, opts: opts}
}

// Name is the table's name.
func (t *Table) Name() string { return t.name }

func (t *Table) call(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, t.opts.CallTimeout)
}

func (t *Table) capacity() types.ReturnConsumedCapacity {
	if t.opts.Meter == nil {
		return types.ReturnConsumedCapacityNone
	}
	return types.ReturnConsumedCapacityIndexes
}

// Get implements store.Table with a strongly consistent GetItem.
func (t *Table) Get(ctx context.Context, k store.Key) (store.Item, error) {
	if err := store.CheckKey(k); err != nil {
		return nil, err
	}
	ctx, cancel := t.call(ctx)
	defer cancel()
	out, err := t.client.GetItem(ctx, &dynamodb.GetItemInput{
		TableName:              &t.name,
		Key:                    t.keyAV(k),
		ConsistentRead:         aws.Bool(true),
		ReturnConsumedCapacity: t.capacity(),
	})
	if err != nil {
		return nil, mapErr(err)
	}
	t.opts.Meter.addOne("GetItem", false, out.ConsumedCapacity)
	if len(out.Item) == 0 {
		return nil, store.ErrNotFound()
	}
	it, err := fromAV(out.Item)
	if err != nil {
		return nil, store.ErrInternal(err)
	}
	if store.Expired(it, t.def.TTLAttribute, t.opts.Now()) {
		return nil, store.ErrNotFound()
	}
	return it, nil
}

// BatchGet implements store.Table with one eventually consistent BatchGetItem (half the
// read units of a strongly consistent one: lists come from an index that is itself
// eventually consistent, so strong reads after it would buy nothing). Keys that
// DynamoDB leaves unprocessed (throttling) make the call Unavailable rather than retried
// here: the SDK is the one retry layer.
func (t *Table) BatchGet(ctx context.Context, keys []store.Key) ([]store.Item, error) {
	if err := store.CheckKeys(keys); err != nil {
		return nil, err
	}
	if len(keys) == 0 {
		return nil, nil
	}
	ctx, cancel := t.call(ctx)
	defer cancel()
	req := make([]map[string]types.AttributeValue, len(keys))
	for i, k := range keys {
		req[i] = t.keyAV(k)
	}
	out, err := t.client.BatchGetItem(ctx, &dynamodb.BatchGetItemInput{
		RequestItems:           map[string]types.KeysAndAttributes{t.name: {Keys: req}},
		ReturnConsumedCapacity: t.capacity(),
	})
	if err != nil {
		return nil, mapErr(err)
	}
	t.opts.Meter.add("BatchGetItem", false, out.ConsumedCapacity...)
	if len(out.UnprocessedKeys) > 0 {
		return nil, store.ErrUnavailable(errors.New("dynamo: batch get left keys unprocessed"))
	}
	found := make(map[store.Key]store.Item, len(keys))
	now := t.opts.Now()
	for _, av := range out.Responses[t.name] {
		it, err := fromAV(av)
		if err != nil {
			return nil, store.ErrInternal(err)
		}
		if !store.Expired(it, t.def.TTLAttribute, now) {
			found[it.Key(t.def.PartitionKey, t.def.SortKey)] = it
		}
	}
	var items []store.Item
	for _, k := range keys {
		if it, ok := found[k]; ok {
			items = append(items, it)
		}
	}
	return items, nil
}

// Put implements store.Table with PutItem.
func (t *Table) Put(ctx context.Context, it store.Item, c store.Cond) error {
	it, err := store.CheckItem(t.def, it)
	if err != nil {
		return err
	}
	av, err := toAV(it)
	if err != nil {
		return store.ErrInternal(err)
	}
	ex, err := t.expr(c, nil)
	if err != nil {
		return err
	}
	ctx, cancel := t.call(ctx)
	defer cancel()
	out, err := t.client.PutItem(ctx, &dynamodb.PutItemInput{
		TableName:                 &t.name,
		Item:                      av,
		ConditionExpression:       ex.Condition(),
		ExpressionAttributeNames:  ex.Names(),
		ExpressionAttributeValues: ex.Values(),
		ReturnConsumedCapacity:    t.capacity(),
	})
	if err != nil {
		return mapErr(err)
	}
	t.opts.Meter.addOne("PutItem", true, out.ConsumedCapacity)
	return nil
}

// Update implements store.Table with UpdateItem, returning ALL_NEW.
func (t *Table) Update(ctx context.Context, k store.Key, u store.Update, c store.Cond) (store.Item, error) {
	if err := store.CheckKey(k); err != nil {
		return nil, err
	}
	u, err := store.CheckUpdate(t.def, u)
	if err != nil {
		return nil, err
	}
	ex, err := t.expr(store.And(store.Exists(), c), &u)
	if err != nil {
		return nil, err
	}
	ctx, cancel := t.call(ctx)
	defer cancel()
	out, err := t.client.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName:                 &t.name,
		Key:                       t.keyAV(k),
		UpdateExpression:          ex.Update(),
		ConditionExpression:       ex.Condition(),
		ExpressionAttributeNames:  ex.Names(),
		ExpressionAttributeValues: ex.Values(),
		ReturnValues:              types.ReturnValueAllNew,
		ReturnConsumedCapacity:    t.capacity(),
	})
	if err != nil {
		return nil, mapErr(err)
	}
	t.opts.Meter.addOne("UpdateItem", true, out.ConsumedCapacity)
	it, err := fromAV(out.Attributes)
	if err != nil {
		return nil, store.ErrInternal(err)
	}
	return it, nil
}

// Delete implements store.Table with DeleteItem.
func (t *Table) Delete(ctx context.Context, k store.Key, c store.Cond) error {
	if err := store.CheckKey(k); err != nil {
		return err
	}
	ex, err := t.expr(c, nil)
	if err != nil {
		return err
	}
	ctx, cancel := t.call(ctx)
	defer cancel()
	out, err := t.client.DeleteItem(ctx, &dynamodb.DeleteItemInput{
		TableName:                 &t.name,
		Key:                       t.keyAV(k),
		ConditionExpression:       ex.Condition(),
		ExpressionAttributeNames:  ex.Names(),
		ExpressionAttributeValues: ex.Values(),
		ReturnConsumedCapacity:    t.capacity(),
	})
	if err != nil {
		return mapErr(err)
	}
	t.opts.Meter.addOne("DeleteItem", true, out.ConsumedCapacity)
	return nil
}

// Query implements store.Table with one Query call per page. Expired items are dropped
// after DynamoDB applied the limit, so a page may be short.
func (t *Table) Query(ctx context.Context, q store.Query) (store.Page, error) {
	ka, pos, err := store.QueryKeys(t.def, q)
	if err != nil {
		return store.Page{}, err
	}
	kc := expression.Key(ka.PK).Equal(expression.Value(q.PK))
	if q.SKPrefix != "" {
		kc = kc.And(expression.Key(ka.SK).BeginsWith(q.SKPrefix))
	}
	ex, err := expression.NewBuilder().WithKeyCondition(kc).Build()
	if err != nil {
		return store.Page{}, store.ErrInternal(err)
	}
	in := &dynamodb.QueryInput{
		TableName:                 &t.name,
		KeyConditionExpression:    ex.KeyCondition(),
		ExpressionAttributeNames:  ex.Names(),
		ExpressionAttributeValues: ex.Values(),
		Limit:                     aws.Int32(int32(q.EffectiveLimit())),
		ScanIndexForward:          aws.Bool(!q.Reverse),
		ReturnConsumedCapacity:    t.capacity(),
	}
	if q.Index != "" {
		in.IndexName = aws.String(q.Index)
	} else {
		in.ConsistentRead = aws.Bool(true) // indexes cannot be read consistently
	}
	if pos != nil {
		in.ExclusiveStartKey = make(map[string]types.AttributeValue, len(pos))
		for name, v := range pos {
			in.ExclusiveStartKey[name] = &types.AttributeValueMemberS{Value: v}
		}
	}
	ctx, cancel := t.call(ctx)
	defer cancel()
	out, err := t.client.Query(ctx, in)
	if err != nil {
		return store.Page{}, mapErr(err)
	}
	t.opts.Meter.addOne("Query", false, out.ConsumedCapacity)
	var page store.Page
	now := t.opts.Now()
	for _, av := range out.Items {
		it, err := fromAV(av)
		if err != nil {
			return store.Page{}, store.ErrInternal(err)
		}
		if !store.Expired(it, t.def.TTLAttribute, now) {
			page.Items = append(page.Items, it)
		}
	}
	if len(out.LastEvaluatedKey) > 0 {
		last := make(map[string]string, len(out.LastEvaluatedKey))
		for name, av := range out.LastEvaluatedKey {
			s, ok := av.(*types.AttributeValueMemberS)
			if !ok {
				return store.Page{}, store.ErrInternal(fmt.Errorf("dynamo: key attribute %q is not a string", name))
			}
			last[name] = s.Value
		}
		page.Cursor = store.EncodeCursor(last)
	}
	return page, nil
}

func (t *Table) keyAV(k store.Key) map[string]types.AttributeValue {
	return map[string]types.AttributeValue{
		t.def.PartitionKey: &types.AttributeValueMemberS{Value: k.PK},
		t.def.SortKey:      &types.AttributeValueMemberS{Value: k.SK},
	}
}

// expr builds the condition c (and update u) into one expression.
func (t *Table) expr(c store.Cond, u *store.Update) (expression.Expression, error) {
	// The zero Expression yields nil condition, names and values: what the SDK wants.
	if c.IsZero() && u == nil {
		return expression.Expression{}, nil
	}
	b := expression.NewBuilder()
	if !c.IsZero() {
		cb, err := t.condition(c, t.opts.Now().Unix())
		if err != nil {
			return expression.Expression{}, store.ErrInternal(err)
		}
		b = b.WithCondition(cb)
	}
	if u != nil {
		var ub expression.UpdateBuilder
		for _, name := range store.SortedNames(u.Set) {
			ub = ub.Set(expression.Name(name), expression.Value(toAVValue(u.Set[name])))
		}
		for _, name := range u.Remove {
			ub = ub.Remove(expression.Name(name))
		}
		for _, name := range slices.Sorted(maps.Keys(u.Add)) {
			ub = ub.Add(expression.Name(name), expression.Value(u.Add[name]))
		}
		b = b.WithUpdate(ub)
	}
	ex, err := b.Build()
	if err != nil {
		return expression.Expression{}, store.ErrInternal(err)
	}
	return ex, nil
}

// condition translates c with the semantics of store.Cond.Eval: "live" means present and
// not expired, and an expired item is as good as absent.
func (t *Table) condition(c store.Cond, now int64) (expression.ConditionBuilder, error) {
	ttl := expression.Name(t.def.TTLAttribute)
	expired := ttl.LessThanEqual(expression.Value(now))
	live := expression.AttributeNotExists(ttl).Or(ttl.GreaterThan(expression.Value(now)))
	pk := expression.Name(t.def.PartitionKey)
	switch c.Op {
	case store.CondAbsent:
		return expression.AttributeNotExists(pk).Or(expired), nil
	case store.CondExists:
		return expression.AttributeExists(pk).And(live), nil
	case store.CondEq:
		v, err := store.Normalize(c.Value)
		if err != nil {
			return expression.ConditionBuilder{}, err
		}
		return expression.Name(c.Attr).Equal(expression.Value(toAVValue(v))).And(live), nil
	case store.CondAttrAbsent:
		return expression.AttributeNotExists(expression.Name(c.Attr)).Or(expired), nil
	case store.CondAnd, store.CondOr:
		subs := make([]expression.ConditionBuilder, len(c.Subs))
		for i, s := range c.Subs {
			var err error
			if subs[i], err = t.condition(s, now); err != nil {
				return expression.ConditionBuilder{}, err
			}
		}
		if len(subs) < 2 {
			return expression.ConditionBuilder{}, errors.New("dynamo: and/or of fewer than two conditions")
		}
		if c.Op == store.CondAnd {
			return expression.And(subs[0], subs[1], subs[2:]...), nil
		}
		return expression.Or(subs[0], subs[1], subs[2:]...), nil
	}
	return expression.ConditionBuilder{}, fmt.Errorf("dynamo: unknown condition op %d", c.Op)
}

// toAVValue returns the attribute value of one normalized value. attributevalue would
// encode a nil []byte as NULL; Normalize never leaves one.
func toAVValue(v any) types.AttributeValue {
	switch x := v.(type) {
	case string:
		return &types.AttributeValueMemberS{Value: x}
	case int64:
		return &types.AttributeValueMemberN{Value: strconv.FormatInt(x, 10)}
	case bool:
		return &types.AttributeValueMemberBOOL{Value: x}
	case []byte:
		return &types.AttributeValueMemberB{Value: x}
	}
	av, _ := attributevalue.Marshal(v) // unreachable for checked items
	return av
}

// toAV converts a checked item to DynamoDB's attribute values.
func toAV(it store.Item) (map[string]types.AttributeValue, error) {
	out := make(map[string]types.AttributeValue, len(it))
	for name, v := range it {
		n, err := store.Normalize(v)
		if err != nil {
			return nil, fmt.Errorf("attribute %q: %w", name, err)
		}
		out[name] = toAVValue(n)
	}
	return out, nil
}

// fromAV converts DynamoDB's attribute values back. Numbers must be integers: the store
// writes no others.
func fromAV(av map[string]types.AttributeValue) (store.Item, error) {
	it := make(store.Item, len(av))
	for name, v := range av {
		switch x := v.(type) {
		case *types.AttributeValueMemberS:
			it[name] = x.Value
		case *types.AttributeValueMemberN:
			i, err := attributevalue.Number(x.Value).Int64()
			if err != nil {
				return nil, fmt.Errorf("attribute %q: not an integer: %w", name, err)
			}
			it[name] = i
		case *types.AttributeValueMemberB:
			it[name] = append([]byte{}, x.Value...)
		case *types.AttributeValueMemberBOOL:
			it[name] = x.Value
		default:
			return nil, fmt.Errorf("attribute %q: unsupported type %T", name, v)
		}
	}
	return it, nil
}
