//! The `macro_rules!` that generated crates expand: what is the same for every generated
//! struct, value enum and error enum is written once here, so a generated file states only its
//! facts (wire names, field names, values, codes). Not meant for hand-written code; their input
//! syntax may change with the generator.
//!
//! Each macro names everything through `$crate` or a full path, so the generated crate needs no
//! `use` and its own names cannot shadow them.
//!
//! Every function they write is `#[inline]`, as derived impls are: a generated crate then
//! compiles none of them to machine code (an unoptimised library build translates each public
//! non-inline function whether or not anyone calls it), and a program translates only the ones
//! it calls. Most of a product's thousands of impls are never called by any one program.

/// Decoding and `Debug` of a generated response struct: `Nested` (one `member` function matching
/// wire names), `Deserialize` through the runtime's visitor, and `Debug` without unset members.
///
/// `response_struct!(Name [list "Item"] { "Wire" => field ident, "Secret" => secret ident })`;
/// `[list "Item"]` marks the XML-style wrapper whose only member is a list.
#[doc(hidden)]
#[macro_export]
macro_rules! response_struct {
    ($name:ident $([list $wrapper:literal])? { $($wire:literal => $kind:ident $field:ident),* $(,)? }) => {
        impl $crate::de::Nested for $name {
            $(const LIST_WRAPPER: ::core::option::Option<&'static str> = ::core::option::Option::Some($wrapper);)?
            #[inline]
            fn member<'de, D: $crate::__private::serde::Deserializer<'de>>(
                &mut self,
                name: &str,
                value: D,
            ) -> ::core::result::Result<(), D::Error> {
                match name {
                    $($wire => $crate::de::read_into(&mut self.$field, value),)*
                    _ => $crate::de::skip(value),
                }
            }
        }
        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            #[inline]
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                $crate::de::object(deserializer)
            }
        }
        $crate::debug_struct!($name { $($kind $field),* });
    };
}

/// `Debug` of a generated struct without its unset members, secrets redacted, and
/// [`Unset`](crate::debug::Unset) (a struct none of whose members is set is itself unset).
///
/// `debug_struct!(Name { field ident, secret ident })`.
#[doc(hidden)]
#[macro_export]
macro_rules! debug_struct {
    ($name:ident { $($kind:ident $field:ident),* $(,)? }) => {
        impl ::core::fmt::Debug for $name {
            #[inline]
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                let mut out = f.debug_struct(::core::stringify!($name));
                $($crate::__debug_field!($kind, out, self.$field, $field);)*
                out.finish()
            }
        }
        impl $crate::debug::Unset for $name {
            #[inline]
            fn is_unset(&self) -> bool {
                true $(&& $crate::debug::Unset::is_unset(&self.$field))*
            }
        }
    };
}

/// One member of [`debug_struct!`]: left out when unset, redacted when secret.
#[doc(hidden)]
#[macro_export]
macro_rules! __debug_field {
    (field, $out:ident, $value:expr, $field:ident) => {
        $crate::debug::field(&mut $out, ::core::stringify!($field), &$value)
    };
    (secret, $out:ident, $value:expr, $field:ident) => {
        $crate::debug::secret(&mut $out, ::core::stringify!($field), &$value)
    };
}

/// Whether a member kind of [`debug_struct!`] is secret.
#[doc(hidden)]
#[macro_export]
macro_rules! __secret {
    (field) => {
        false
    };
    (secret) => {
        true
    };
}

/// How a generated request struct nested in query or form parameters flattens into wire names
/// (`Tag.1.Key`): `wire_struct!(Name { "Key" => key, "Value" => value })`.
#[doc(hidden)]
#[macro_export]
macro_rules! wire_struct {
    ($name:ident { $($wire:literal => $field:ident),* $(,)? }) => {
        impl $crate::WireValue for $name {
            #[inline]
            fn write_to<'a>(
                &'a self,
                name: ::std::borrow::Cow<'a, str>,
                out: &mut ::std::vec::Vec<$crate::Pair<'a>>,
            ) {
                let _ = (&name, &out);
                $($crate::WireValue::write_to(&self.$field, $crate::member(&name, $wire).into(), out);)*
            }
        }
    };
}

/// Setters of a generated request's optional parameters, one per field:
/// `setters!(Name { "Wire" field: into String, "Page" page: is i64, "Ids" ids: list_into String,
/// "Tags" tags: list Tag })`. `into T` takes `impl Into<T>`, `is T` takes `T`, `list_into T` any
/// iterator of `impl Into<T>`, `list T` any iterator of `T`.
#[doc(hidden)]
#[macro_export]
macro_rules! setters {
    ($name:ident { $($wire:literal $field:ident : $kind:ident $ty:ty),* $(,)? }) => {
        impl $name {
            $($crate::__setter!($wire $field $kind $ty);)*
        }
    };
}

/// One setter of [`setters!`].
#[doc(hidden)]
#[macro_export]
macro_rules! __setter {
    ($wire:literal $field:ident into $ty:ty) => {
        #[doc = ::core::concat!("Sets `", $wire, "` (see the field of the same name).")]
        #[inline]
        pub fn $field(mut self, value: impl ::core::convert::Into<$ty>) -> Self {
            self.$field = ::core::option::Option::Some(value.into());
            self
        }
    };
    ($wire:literal $field:ident is $ty:ty) => {
        #[doc = ::core::concat!("Sets `", $wire, "` (see the field of the same name).")]
        #[inline]
        pub fn $field(mut self, value: $ty) -> Self {
            self.$field = ::core::option::Option::Some(value);
            self
        }
    };
    ($wire:literal $field:ident list_into $ty:ty) => {
        #[doc = ::core::concat!("Sets `", $wire, "` (see the field of the same name).")]
        #[inline]
        pub fn $field(
            mut self,
            value: impl ::core::iter::IntoIterator<Item = impl ::core::convert::Into<$ty>>,
        ) -> Self {
            self.$field = ::core::option::Option::Some(
                value.into_iter().map(::core::convert::Into::into).collect(),
            );
            self
        }
    };
    ($wire:literal $field:ident list $ty:ty) => {
        #[doc = ::core::concat!("Sets `", $wire, "` (see the field of the same name).")]
        #[inline]
        pub fn $field(mut self, value: impl ::core::iter::IntoIterator<Item = $ty>) -> Self {
            self.$field = ::core::option::Option::Some(value.into_iter().collect());
            self
        }
    };
}

/// The escape hatch of every generated request: parameters and headers its reference page does
/// not list (the service gained them after the page was written), sent and signed like the
/// others. `request_extras!(Name)`, for a struct with a field `extra: Extra` that its
/// `write_params` passes to [`Params::extra`](crate::Params::extra) last.
#[doc(hidden)]
#[macro_export]
macro_rules! request_extras {
    ($name:ident) => {
        impl $name {
            /// Adds a query parameter the reference page does not list, sent and signed like
            /// the others (`.extra_query("Tag.1.Key", "env")`). A name the request already
            /// sends is refused when the call is made, before anything is sent.
            #[inline]
            pub fn extra_query(
                mut self,
                name: impl ::core::convert::Into<::std::string::String>,
                value: impl ::core::convert::Into<::std::string::String>,
            ) -> Self {
                self.extra.query(name, value);
                self
            }
            /// Adds a body parameter the reference page does not list: a form field, or a
            /// top-level member of a JSON body. Refused like [`Self::extra_query`] when the
            /// request already sends it.
            #[inline]
            pub fn extra_body(
                mut self,
                name: impl ::core::convert::Into<::std::string::String>,
                value: impl ::core::convert::Into<::std::string::String>,
            ) -> Self {
                self.extra.body(name, value);
                self
            }
            /// Adds a header the reference page does not list, signed like the others.
            /// Refused like [`Self::extra_query`] when the request already sends it.
            #[inline]
            pub fn extra_header(
                mut self,
                name: impl ::core::convert::Into<::std::string::String>,
                value: impl ::core::convert::Into<::std::string::String>,
            ) -> Self {
                self.extra.header(name, value);
                self
            }
        }
    };
}

/// What every value enum has: `VALUES`, `as_str`, conversions from text, `Display`, serde both
/// ways (decoding leniently), and writing as a wire parameter.
/// `value_enum!(Name, Other { Variant = "VALUE", … })`, where `Other` is the variant holding any
/// value the page does not list.
#[doc(hidden)]
#[macro_export]
macro_rules! value_enum {
    ($name:ident, $other:ident { $($variant:ident = $value:literal),* $(,)? }) => {
        impl $name {
            /// The documented values, in the page's order.
            pub const VALUES: &'static [&'static str] = &[$($value),*];
            /// The value as sent.
            #[inline]
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $value,)*
                    Self::$other(value) => value,
                }
            }
        }
        impl ::core::convert::From<&str> for $name {
            #[inline]
            fn from(value: &str) -> Self {
                match value {
                    $($value => Self::$variant,)*
                    other => Self::$other(::std::string::ToString::to_string(other)),
                }
            }
        }
        impl ::core::convert::From<::std::string::String> for $name {
            #[inline]
            fn from(value: ::std::string::String) -> Self {
                match Self::from(value.as_str()) {
                    Self::$other(_) => Self::$other(value),
                    known => known,
                }
            }
        }
        impl ::core::str::FromStr for $name {
            type Err = ::core::convert::Infallible;
            #[inline]
            fn from_str(value: &str) -> ::core::result::Result<Self, Self::Err> {
                ::core::result::Result::Ok(Self::from(value))
            }
        }
        impl ::core::convert::AsRef<str> for $name {
            #[inline]
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }
        impl ::core::fmt::Display for $name {
            #[inline]
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl $crate::__private::serde::Serialize for $name {
            #[inline]
            fn serialize<S: $crate::__private::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            #[inline]
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                $crate::de::lenient::<D, ::std::string::String>(deserializer).map(Self::from)
            }
        }
        impl $crate::de::Lenient for $name {
            #[inline]
            fn deserialize_lenient<'de, D: $crate::__private::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                $crate::de::lenient::<D, ::std::string::String>(deserializer).map(Self::from)
            }
        }
        impl $crate::WireValue for $name {
            #[inline]
            fn write_to<'a>(
                &'a self,
                name: ::std::borrow::Cow<'a, str>,
                out: &mut ::std::vec::Vec<$crate::Pair<'a>>,
            ) {
                $crate::WireValue::write_to(self.as_str(), name, out);
            }
        }
        impl $crate::debug::Unset for $name {}
    };
}

/// What every operation error enum has: the service error behind each variant, its code,
/// message and request id, the variant chosen by code, `Display` and `Error`.
/// `operation_error!(Name { Variant = "Code", … })`; the enum has an `Other` variant too.
#[doc(hidden)]
#[macro_export]
macro_rules! operation_error {
    ($name:ident { $($variant:ident = $code:literal),* $(,)? }) => {
        impl $name {
            /// The service error behind the variant.
            #[inline]
            pub fn service_error(&self) -> &$crate::ServiceError {
                match self {
                    $(Self::$variant(error) |)* Self::Other(error) => error,
                }
            }
            /// The error code the service sent.
            #[inline]
            pub fn code(&self) -> &str {
                self.service_error().code()
            }
            /// The message the service sent.
            #[inline]
            pub fn message(&self) -> &str {
                self.service_error().message()
            }
            /// The request id, when the error body had one.
            #[inline]
            pub fn request_id(&self) -> ::core::option::Option<&str> {
                self.service_error().request_id()
            }
        }
        impl ::core::convert::From<$crate::ServiceError> for $name {
            #[inline]
            fn from(error: $crate::ServiceError) -> Self {
                match error.code() {
                    $($code => Self::$variant(error),)*
                    _ => Self::Other(error),
                }
            }
        }
        impl $crate::OperationError for $name {
            #[inline]
            fn service_error(&self) -> &$crate::ServiceError {
                $name::service_error(self)
            }
        }
        impl ::core::fmt::Display for $name {
            #[inline]
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                ::core::fmt::Display::fmt(self.service_error(), f)
            }
        }
        impl ::std::error::Error for $name {}
    };
}
