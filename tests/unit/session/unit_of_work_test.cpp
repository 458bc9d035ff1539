// The session's identity map (detail::TrackedRows) with every kind of key: by value (integers, serial, uuid) and by
// text form (strings, timestamps, decimals), and the column set a flush UPDATEs. Dry: nothing here reaches a server.
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <roachorm/models/point.hpp>
#include <roachorm/orm/core/error.hpp>
#include <roachorm/orm/execution/row_mapping.hpp>
#include <roachorm/orm/session/unit_of_work.hpp>

namespace {

struct IntKeyed {
    static constexpr std::string_view table_name = "int_keyed";
    std::int32_t id = 0;
    std::string name;
};

struct SerialKeyed {
    static constexpr std::string_view table_name = "serial_keyed";
    orm::serial id;
    std::string name;
};

struct UuidKeyed {
    static constexpr std::string_view table_name = "uuid_keyed";
    orm::uuid id;
    std::string name;
};

struct StringKeyed {
    static constexpr std::string_view table_name = "string_keyed";
    static constexpr std::string_view primary_key = "code";
    std::string name;
    std::string code;
};

struct TimestampKeyed {
    static constexpr std::string_view table_name = "timestamp_keyed";
    orm::timestamp id;
    std::string name;
};

struct DecimalKeyed {
    static constexpr std::string_view table_name = "decimal_keyed";
    orm::decimal id;
    std::string name;
};

static_assert(orm::detail::keyed_by_value<std::int32_t> && orm::detail::keyed_by_value<orm::serial> &&
              orm::detail::keyed_by_value<orm::uuid>);
static_assert(!orm::detail::keyed_by_value<std::string> && !orm::detail::keyed_by_value<orm::timestamp> &&
              !orm::detail::keyed_by_value<orm::decimal>);

template <class T>
T row(const std::string& key, const std::string& name) {
    const orm::TextView texts[] = {key, name};
    const orm::TextView swapped[] = {name, key};
    constexpr bool key_first = orm::model_traits<T>::key_index == 0;
    return orm::mapping::object_from_row<T>(key_first ? orm::TextRow(texts) : orm::TextRow(swapped));
}

template <class T>
void expect_identity(const std::string& key, const std::string& other_key) {
    SCOPED_TRACE(orm::model_traits<T>::table_name);
    orm::detail::TrackedRows<T> rows;
    EXPECT_FALSE(rows.tracks_stored_rows());
    rows.reserve(4);
    T& first = rows.track_loaded(row<T>(key, "first"));
    EXPECT_TRUE(rows.tracks_stored_rows());
    first.name = "changed in memory";
    // The same row read again is the same object, and keeps its in-memory change.
    EXPECT_EQ(&rows.track_loaded(row<T>(key, "read again")), &first);
    EXPECT_EQ(first.name, "changed in memory");
    T& second = rows.track_loaded(row<T>(other_key, "second"));
    EXPECT_NE(&second, &first);
    const auto& key_value = boost::pfr::get<orm::model_traits<T>::key_index>(first);
    EXPECT_EQ(rows.find(key_value), &first);
    EXPECT_EQ(rows.find(orm::mapping::key_from_text<T>(other_key)), &second);
    // A bulk UPDATE's row (key, then the changed column) refreshes the tracked object.
    const orm::TextView refreshed[] = {other_key, "refreshed"};
    const std::size_t name_column = orm::model_traits<T>::key_index == 0 ? 1 : 0;
    rows.refresh(refreshed, std::vector<std::size_t>{name_column});
    EXPECT_EQ(second.name, "refreshed");
    // A bulk DELETE's key forgets the row; the object stays valid.
    const orm::TextView deleted[] = {other_key};
    rows.forget(deleted);
    EXPECT_EQ(rows.find(orm::mapping::key_from_text<T>(other_key)), nullptr);
    EXPECT_EQ(second.name, "refreshed");
    EXPECT_EQ(rows.find(key_value), &first);
    // An upsert of a tracked key updates that object in place.
    EXPECT_EQ(&rows.upsert(row<T>(key, "upserted")), &first);
    EXPECT_EQ(first.name, "upserted");
    // remove() finds the object by its key.
    rows.remove(first);
    EXPECT_EQ(rows.find(key_value), nullptr);
}

TEST(IdentityMap, EveryKindOfKeyIdentifiesItsRow) {
    expect_identity<IntKeyed>("7", "-7");
    expect_identity<SerialKeyed>("1", "9223372036854775807");
    expect_identity<UuidKeyed>("01234567-89ab-cdef-fedc-ba9876543210", "01234567-89ab-cdef-fedc-ba9876543211");
    expect_identity<StringKeyed>("a", "A");
    expect_identity<TimestampKeyed>("2024-01-02 03:04:05.123456+00", "2024-01-02 03:04:05.123457+00");
    expect_identity<DecimalKeyed>("1.50", "1.5");
}

TEST(IdentityMap, UuidKeysReadInAnyCaseAreOneRow) {
    orm::detail::TrackedRows<UuidKeyed> rows;
    UuidKeyed& lower = rows.track_loaded(row<UuidKeyed>("0123abcd-89ab-cdef-fedc-ba9876543210", "lower"));
    EXPECT_EQ(&rows.track_loaded(row<UuidKeyed>("0123ABCD-89AB-CDEF-FEDC-BA9876543210", "upper")), &lower);
}

TEST(IdentityMap, StringKeysAreCheckedWhenUsed) {
    orm::detail::TrackedRows<StringKeyed> rows;
    EXPECT_THROW(rows.upsert(StringKeyed{.name = "x", .code = std::string("a\0b", 3)}), orm::MappingError);
}

TEST(IdentityMap, NilUuidUpsertsAreNeverMatchedByKey) {
    orm::detail::TrackedRows<UuidKeyed> rows;
    UuidKeyed& first = rows.upsert(UuidKeyed{.id = {}, .name = "a"});
    EXPECT_NE(&rows.upsert(UuidKeyed{.id = {}, .name = "b"}), &first);
}

// A composite key (its second column is a string, so two keys whose texts run together differ only in where one
// column ends) and a third, non-key column.
struct Membership {
    static constexpr std::string_view table_name = "memberships";
    std::string group;
    std::int64_t rank = 0;
    std::string member;

    static constexpr auto primary_key = orm::key(&Membership::group, &Membership::member);
};

Membership membership_row(const std::string& group, const std::string& member, const std::string& rank) {
    const orm::TextView texts[] = {group, rank, member};
    return orm::mapping::object_from_row<Membership>(texts);
}

TEST(IdentityMap, EveryColumnOfACompositeKeyIdentifiesItsRow) {
    orm::detail::TrackedRows<Membership> rows;
    // Three rows sharing their first key column are three objects.
    Membership& ada = rows.track_loaded(membership_row("admins", "ada", "1"));
    Membership& bob = rows.track_loaded(membership_row("admins", "bob", "2"));
    Membership& cy = rows.track_loaded(membership_row("admins", "cy", "3"));
    EXPECT_NE(&ada, &bob);
    EXPECT_NE(&bob, &cy);
    EXPECT_NE(&ada, &cy);
    // The key columns' texts are kept apart: ("ab", "c") is not ("a", "bc").
    Membership& ab_c = rows.track_loaded(membership_row("ab", "c", "4"));
    Membership& a_bc = rows.track_loaded(membership_row("a", "bc", "5"));
    EXPECT_NE(&ab_c, &a_bc);
    // The same row read again is the same object, with its in-memory change.
    bob.rank = 20;
    EXPECT_EQ(&rows.track_loaded(membership_row("admins", "bob", "2")), &bob);
    EXPECT_EQ(bob.rank, 20);
    EXPECT_EQ(rows.find({"admins", "cy"}), &cy);
    EXPECT_EQ(rows.find({"admins", "nobody"}), nullptr);
    EXPECT_EQ(rows.find({"ab", "c"}), &ab_c);
    // A bulk UPDATE's row holds every key column, then the new values.
    const orm::TextView refreshed[] = {"admins", "cy", "30"};
    rows.refresh(refreshed, std::vector<std::size_t>{1});
    EXPECT_EQ(cy.rank, 30);
    EXPECT_EQ(ada.rank, 1);
    EXPECT_EQ(bob.rank, 20);
    // A bulk DELETE's row holds every key column: only that row is forgotten.
    const orm::TextView deleted[] = {"admins", "ada"};
    rows.forget(deleted);
    EXPECT_EQ(rows.find({"admins", "ada"}), nullptr);
    EXPECT_EQ(rows.find({"admins", "bob"}), &bob);
    // An upsert of a tracked composite key takes the new values in place.
    EXPECT_EQ(&rows.upsert(Membership{.group = "admins", .rank = 7, .member = "bob"}), &bob);
    EXPECT_EQ(bob.rank, 7);
    rows.remove(cy);
    EXPECT_EQ(rows.find({"admins", "cy"}), nullptr);
    EXPECT_EQ(rows.find({"admins", "bob"}), &bob);
}

TEST(IdentityMap, CompositeKeyStringsAreCheckedWhenUsed) {
    orm::detail::TrackedRows<Membership> rows;
    EXPECT_THROW(rows.upsert(Membership{.group = std::string("a\0b", 3), .rank = 0, .member = "m"}), orm::MappingError);
}

// The column set a flush UPDATEs, with a model of several non-key columns (with one, "changed" and "all" are the same
// set): only the members that differ from the snapshot, and the UPDATE text for that set names only them.
TEST(SavepointRestore, TrackedObjectsGetTheirValuesBackAndLaterOnesAreForgotten) {
    orm::detail::TrackedRows<IntKeyed> rows;
    IntKeyed& kept = rows.track_loaded({.id = 1, .name = "kept"});
    IntKeyed& removed = rows.track_loaded({.id = 2, .name = "removed"});
    const std::unique_ptr<orm::detail::SavedRows> saved = rows.save();

    kept.name = "changed";
    rows.remove(removed);
    IntKeyed& loaded = rows.track_loaded({.id = 3, .name = "loaded"});
    IntKeyed& upserted = rows.upsert({.id = 4, .name = "upserted"});
    rows.add({.id = 5, .name = "added"});
    EXPECT_EQ(rows.find(2), nullptr);

    rows.restore(saved.get());
    EXPECT_EQ(rows.find(1), &kept);
    EXPECT_EQ(kept.name, "kept");
    EXPECT_EQ(rows.find(2), &removed);  // the same object, tracked again
    EXPECT_EQ(removed.name, "removed");
    EXPECT_EQ(rows.find(3), nullptr);
    EXPECT_EQ(loaded.name, "loaded");  // no longer tracked, still valid
    EXPECT_EQ(upserted.name, "upserted");
    EXPECT_THROW(rows.remove(loaded), orm::Error);  // not tracked
}

TEST(SavepointRestore, AModelFirstUsedInsideTheSavepointTracksNothing) {
    orm::detail::TrackedRows<IntKeyed> rows;
    IntKeyed& loaded = rows.track_loaded({.id = 1, .name = "loaded"});
    rows.restore(nullptr);
    EXPECT_EQ(rows.find(1), nullptr);
    EXPECT_FALSE(rows.tracks_stored_rows());
    EXPECT_EQ(loaded.name, "loaded");
}

TEST(ChangedColumns, OnlyTheMembersThatDifferFromTheSnapshotAreUpdated) {
    const models::Point snapshot{.id = orm::serial{7}, .x = 1, .y = 2, .z = 3};
    models::Point point = snapshot;
    EXPECT_EQ(orm::detail::changed_columns(point, snapshot), orm::sql::ColumnMask{0});
    point.y = 20;
    EXPECT_EQ(orm::detail::changed_columns(point, snapshot), orm::sql::ColumnMask{0b0100});
    point.x = 10;
    EXPECT_EQ(orm::detail::changed_columns(point, snapshot), orm::sql::ColumnMask{0b0110});
    point.y = 2;  // back to its loaded value: unchanged again
    EXPECT_EQ(orm::detail::changed_columns(point, snapshot), orm::sql::ColumnMask{0b0010});
    point.id = orm::serial{8};
    EXPECT_EQ(orm::detail::changed_columns(point, snapshot), orm::sql::ColumnMask{0b0011});
}

TEST(ChangedColumns, FloatingPointIsComparedByItsBits) {
    const models::Point snapshot{.id = orm::serial{7}, .x = 0.0, .y = std::numeric_limits<double>::quiet_NaN(), .z = 1};
    models::Point point = snapshot;
    EXPECT_EQ(orm::detail::changed_columns(point, snapshot), orm::sql::ColumnMask{0});  // NaN is unchanged
    point.x = -0.0;
    EXPECT_EQ(orm::detail::changed_columns(point, snapshot), orm::sql::ColumnMask{0b0010});  // so is a sign change
}

TEST(ChangedColumns, TheUpdateForAChangedSetNamesOnlyThoseColumns) {
    const models::Point snapshot{.id = orm::serial{7}, .x = 1, .y = 2, .z = 3};
    models::Point point = snapshot;
    point.z = 30;
    for (const orm::dialect::Dialect* dialect : {&orm::dialect::postgresql(), &orm::dialect::cockroachdb()}) {
        const orm::TableStatements& statements = orm::statements<models::Point>(*dialect);
        EXPECT_EQ(statements.update(orm::detail::changed_columns(point, snapshot)),
                  "UPDATE points SET z = $1 WHERE id = $2");
    }
    point.x = 10;
    EXPECT_EQ(orm::statements<models::Point>(orm::dialect::postgresql())
                  .update(orm::detail::changed_columns(point, snapshot)),
              "UPDATE points SET x = $1, z = $2 WHERE id = $3");
}

TEST(ResultColumns, ErrorsNameTheColumnByPosition) {
    try {
        orm::mapping::from_text<std::int32_t>(orm::TextValue{"x"}, "query result", orm::mapping::ResultColumn{3});
        FAIL() << "expected a MappingError";
    } catch (const orm::MappingError& error) {
        EXPECT_NE(std::string(error.what()).find("column query result.column 3 holds text"), std::string::npos)
            << error.what();
    }
    EXPECT_THROW(orm::mapping::from_text<std::int32_t>(orm::TextValue{}, "query result", orm::mapping::ResultColumn{1}),
                 orm::MappingError);
    EXPECT_EQ(
        orm::mapping::from_text<std::int32_t>(orm::TextValue{"12"}, "query result", orm::mapping::ResultColumn{1}), 12);
}

}  // namespace
