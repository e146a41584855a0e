using System.Collections;
using BatonClerk.Engine.Baton.V2;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;

namespace BatonClerk.Host.Commands.Inspect;

/// <summary>
/// protojson output for c1z messages. Annotations are Any values, and files from newer SDKs carry annotation types
/// this build does not know (ETag, GrantExpandable, ...); JsonFormatter cannot print those, so they are dropped
/// from the output rather than failing the whole command.
/// </summary>
internal static class ProtoJson
{
    private static readonly TypeRegistry Registry = TypeRegistry.FromFiles(
        ResourceReflection.Descriptor,
        AnnotationTraitReflection.Descriptor,
        AnnotationResourceTreeReflection.Descriptor,
        EntitlementReflection.Descriptor,
        GrantReflection.Descriptor,
        ConnectorReflection.Descriptor,
        StructReflection.Descriptor,
        TimestampReflection.Descriptor);

    private static readonly JsonFormatter Formatter =
        new(JsonFormatter.Settings.Default.WithTypeRegistry(Registry).WithIndentation());

    public static string Format(IMessage message)
    {
        DropUnknownAnnotations(message);
        return Formatter.Format(message);
    }

    public static void WriteArray(TextWriter output, IEnumerable<IMessage> messages)
    {
        output.Write('[');
        var first = true;
        foreach (var message in messages)
        {
            output.Write(first ? "\n" : ",\n");
            output.Write(Format(message));
            first = false;
        }

        output.WriteLine(first ? "]" : "\n]");
    }

    private static void DropUnknownAnnotations(IMessage message)
    {
        foreach (var field in message.Descriptor.Fields.InFieldNumberOrder())
        {
            if (field.FieldType != FieldType.Message || field.IsMap)
            {
                continue;
            }

            var value = field.Accessor.GetValue(message);
            if (field.IsRepeated && value is IList list)
            {
                for (var i = list.Count - 1; i >= 0; i--)
                {
                    if (list[i] is Any any && Registry.Find(Any.GetTypeName(any.TypeUrl)) is null)
                    {
                        list.RemoveAt(i);
                    }
                    else if (list[i] is IMessage child)
                    {
                        DropUnknownAnnotations(child);
                    }
                }
            }
            else if (value is Any any && Registry.Find(Any.GetTypeName(any.TypeUrl)) is null)
            {
                field.Accessor.Clear(message);
            }
            else if (value is IMessage child)
            {
                DropUnknownAnnotations(child);
            }
        }
    }
}
