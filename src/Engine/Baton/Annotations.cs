using Google.Protobuf;
using Google.Protobuf.Collections;
using Google.Protobuf.WellKnownTypes;

namespace BatonClerk.Engine.Baton;

/// <summary>Annotation helpers: Baton readers look annotations up by the Any type URL, first match wins.</summary>
public static class Annotations
{
    public const string TypeUrlPrefix = "type.googleapis.com";

    public static Any Pack(IMessage message) => Any.Pack(message, TypeUrlPrefix);

    public static T? Find<T>(RepeatedField<Any> annotations)
        where T : class, IMessage<T>, new()
    {
        var descriptor = new T().Descriptor;
        foreach (var any in annotations)
        {
            if (any.Is(descriptor))
            {
                return any.Unpack<T>();
            }
        }

        return null;
    }
}
